package so.rend.worker.media;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The containers an upload may be opened as, and how ffmpeg's refusal of anything else reads.
 *
 * <p>Only demuxers that read one self-contained file are listed. Manifests and playlists (DASH,
 * HLS, concat, SDP, image sequences, …) open whatever their text names: other hosts, other objects
 * of the store (a relative name resolves against the presigned source URL) or local files. The
 * names are ffmpeg's ({@code ffprobe -demuxers}): {@code mov} is the MP4/MOV/3GP family, {@code
 * matroska} reads WebM too. The API's {@code VideoSniffer} accepts the same families.
 */
public final class SourceFormats {

    /** The allowed demuxers, in {@code -format_whitelist} order. */
    public static final List<String> CONTAINERS =
            List.of(
                    "mov",
                    "matroska",
                    "avi",
                    "mpegts",
                    "mpeg",
                    "flv",
                    "asf",
                    "ogg",
                    "yuv4mpegpipe",
                    "mpegvideo");

    private static final String OPENED =
            "Rend opens MP4/MOV, Matroska/WebM, AVI, MPEG-TS, MPEG-PS, FLV, ASF/WMV, Ogg, Y4M and"
                    + " MPEG video files, never manifests or playlists that refer to other files";

    /** libavformat's words when the detected demuxer is not on {@code -format_whitelist}. */
    private static final Pattern FORMAT_REFUSED =
            Pattern.compile("\\[([\\w,]+) @ [^\\]]*\\] Format not on whitelist");

    /** libavformat's words when a run tries a protocol not on {@code -protocol_whitelist}. */
    private static final Pattern PROTOCOL_REFUSED =
            Pattern.compile("Protocol '([\\w+.-]*)' not on whitelist");

    private SourceFormats() {}

    /** The value of {@code -format_whitelist}. */
    public static String allowList() {
        return String.join(",", CONTAINERS);
    }

    /**
     * The demuxer later runs name with {@code -f}, from ffprobe's {@code format_name} (a demuxer's
     * names, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}); empty when none is allowed.
     */
    public static Optional<String> pinned(String formatName) {
        for (String name : formatName.split(",")) {
            if (CONTAINERS.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** The failure when a run's stderr says a whitelist refused to open something. */
    public static Optional<MediaFailure> refusal(String stderr) {
        Matcher format = FORMAT_REFUSED.matcher(stderr);
        if (format.find()) {
            return Optional.of(unsupported(format.group(1)));
        }
        Matcher protocol = PROTOCOL_REFUSED.matcher(stderr);
        if (protocol.find()) {
            return Optional.of(
                    new MediaFailure(
                            MediaFailure.UNSUPPORTED_CONTAINER,
                            false,
                            "the source refers to another resource (ffmpeg was refused a '"
                                    + protocol.group(1)
                                    + "' open); "
                                    + OPENED));
        }
        return Optional.empty();
    }

    /** {@code unsupported_container} for a source ffmpeg detected as {@code formatName}. */
    public static MediaFailure unsupported(String formatName) {
        String detected = formatName == null || formatName.isBlank() ? "unknown" : formatName;
        return new MediaFailure(
                MediaFailure.UNSUPPORTED_CONTAINER,
                false,
                "the source is not a container Rend opens (ffmpeg detected '"
                        + detected
                        + "'); "
                        + OPENED);
    }
}
