package so.rend.worker.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The source as one ffmpeg or ffprobe run opens it, with the input options that keep the run to it:
 * only the allowed containers ({@code -format_whitelist}), only the protocols of that location
 * ({@code -protocol_whitelist}: HTTP(S) over TCP/TLS for the presigned URL, {@code file} for the
 * copy downloaded into the job directory) and, once ffprobe has named the container, that demuxer
 * and no other ({@code -f}). These are options of this input only: what a run writes (the hls
 * muxer's files, faststart's second pass over the opener) is not bound by them.
 *
 * @param location the presigned URL or the downloaded file's path
 * @param remote whether {@code location} is the presigned URL
 * @param container the demuxer to pin (one of {@link SourceFormats#CONTAINERS}), or {@code null}
 *     before the probe has named it
 */
public record SourceInput(String location, boolean remote, String container) {

    /**
     * What the presigned source URL needs: http or https, and the transports under them ({@code
     * httpproxy} is how ffmpeg tunnels https through an {@code http_proxy} from the environment).
     */
    public static final String REMOTE_PROTOCOLS = "http,https,tcp,tls,httpproxy";

    /** What the downloaded source needs. */
    public static final String LOCAL_PROTOCOLS = "file";

    /** Fail a stalled read in 30 s rather than at the process timeout. */
    private static final String READ_TIMEOUT_MICROS = "30000000";

    public SourceInput {
        if (container != null && !SourceFormats.CONTAINERS.contains(container)) {
            throw new IllegalArgumentException(container + " is not an allowed container");
        }
    }

    /** The source read through its presigned URL. */
    public static SourceInput url(String url) {
        return new SourceInput(url, true, null);
    }

    /** The source downloaded into the job directory. */
    public static SourceInput file(Path file) {
        return new SourceInput(file.toString(), false, null);
    }

    /** The same source opened with {@code demuxer} only. */
    public SourceInput pinned(String demuxer) {
        return new SourceInput(location, remote, demuxer);
    }

    /** The options that go before {@code -i location} (or before the location, for ffprobe). */
    public List<String> options() {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-protocol_whitelist",
                                remote ? REMOTE_PROTOCOLS : LOCAL_PROTOCOLS,
                                "-format_whitelist",
                                SourceFormats.allowList()));
        if (container != null) {
            args.addAll(List.of("-f", container));
            if (container.equals("mov")) {
                // External tracks (data references) are off by default; said here so no default
                // can turn them on. Only mov has the option: ffmpeg refuses it on other demuxers.
                args.addAll(List.of("-enable_drefs", "0"));
            }
        }
        if (remote) {
            args.addAll(List.of("-rw_timeout", READ_TIMEOUT_MICROS));
        }
        return args;
    }
}
