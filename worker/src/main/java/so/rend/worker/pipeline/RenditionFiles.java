package so.rend.worker.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.worker.hls.Bandwidth;
import so.rend.worker.hls.CodecStrings;
import so.rend.worker.hls.MediaPlaylist;
import so.rend.worker.hls.Rendition;
import so.rend.worker.hls.VariantStream;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.SourceProbe;

/**
 * What ffmpeg wrote for one rendition, read back: its files as artifacts to upload, its line in the
 * master playlist (measured bandwidth, the init segment's exact codec string), and the artifact
 * paths a player fetches first.
 *
 * @param files media segments, then the init segment, then the media playlist
 * @param firstBytes the media playlist, the init segment and the first {@value #WARM_SEGMENTS}
 *     segments, as paths below {@code videos/<asset_id>/}
 */
record RenditionFiles(List<LocalArtifact> files, VariantStream variant, List<String> firstBytes) {

    /**
     * Segments per rendition placed on the edges when the ladder is published: the opener's (one by
     * default) and the two after it, which the playback bootstrap hints and the player prefetches
     * for its hand-off to HLS.
     */
    static final int WARM_SEGMENTS = 3;

    private static final String MEDIA_PLAYLIST = "index.m3u8";

    /** Reads rendition {@code r} from {@code dir}, where the ladder's ffmpeg wrote it. */
    static RenditionFiles read(UUID assetId, Rendition r, Path dir, SourceProbe probe) {
        MediaPlaylist playlist = MediaPlaylist.parse(text(dir.resolve(MEDIA_PLAYLIST)));
        if (playlist.initUri() == null || playlist.segments().isEmpty()) {
            throw new MediaFailure(
                    MediaFailure.ENCODE_FAILED, true, "rendition " + r.name() + " has no segments");
        }
        List<LocalArtifact> files = new ArrayList<>();
        List<Bandwidth.SizedSegment> sized = new ArrayList<>();
        for (MediaPlaylist.Segment segment : playlist.segments()) {
            LocalArtifact file =
                    file(
                            assetId,
                            r,
                            Artifact.MEDIA_SEGMENT,
                            dir,
                            segment.uri(),
                            Artifact.MP4,
                            Math.round(segment.durationSeconds() * 1000));
            sized.add(
                    new Bandwidth.SizedSegment(
                            file.artifact().byteSize(), segment.durationSeconds()));
            files.add(file);
        }
        Path init = dir.resolve(playlist.initUri());
        LocalArtifact initFile =
                file(assetId, r, Artifact.INIT_SEGMENT, dir, playlist.initUri(), Artifact.MP4, 0);
        files.add(initFile);
        files.add(
                file(
                        assetId,
                        r,
                        Artifact.MEDIA_PLAYLIST,
                        dir,
                        MEDIA_PLAYLIST,
                        Artifact.HLS_PLAYLIST,
                        0));
        long initBytes = initFile.artifact().byteSize();
        String codecs =
                CodecStrings.avc1FromInitSegment(bytes(init))
                        + (probe.hasAudio() ? "," + CodecStrings.AAC_LC : "");
        VariantStream variant =
                new VariantStream(
                        r.name() + "/" + MEDIA_PLAYLIST,
                        Bandwidth.peakBitsPerSecond(initBytes, sized),
                        Bandwidth.averageBitsPerSecond(initBytes, sized),
                        r.width(),
                        r.height(),
                        codecs,
                        probe.frameRate());
        return new RenditionFiles(files, variant, firstBytes(r, playlist));
    }

    private static List<String> firstBytes(Rendition r, MediaPlaylist playlist) {
        List<String> paths = new ArrayList<>();
        paths.add(AssetObjectKeys.renditionPath(r.name(), MEDIA_PLAYLIST));
        paths.add(AssetObjectKeys.renditionPath(r.name(), playlist.initUri()));
        playlist.segments().stream()
                .limit(WARM_SEGMENTS)
                .forEach(s -> paths.add(AssetObjectKeys.renditionPath(r.name(), s.uri())));
        return paths;
    }

    private static LocalArtifact file(
            UUID assetId,
            Rendition r,
            String kind,
            Path dir,
            String fileName,
            String contentType,
            long mediaMillis) {
        Path file = dir.resolve(fileName);
        String key = AssetObjectKeys.renditionFile(assetId, r.name(), fileName);
        return new LocalArtifact(
                new Artifact(kind, r.name(), key, contentType, size(file), mediaMillis), file);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw notWritten(file);
        }
    }

    private static String text(Path file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw notWritten(file);
        }
    }

    private static MediaFailure notWritten(Path file) {
        return new MediaFailure(
                MediaFailure.ENCODE_FAILED, true, "ffmpeg did not write " + file.getFileName());
    }
}
