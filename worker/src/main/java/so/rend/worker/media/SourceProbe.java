package so.rend.worker.media;

/**
 * What ffprobe found in a source that Rend relies on.
 *
 * @param width displayed width (after rotation metadata)
 * @param height displayed height (after rotation metadata)
 * @param frameRate average frames per second, or 0 when the container does not say
 * @param audioCodec the first audio stream's codec, or {@code null} for a silent video
 * @param container the demuxer that read it (one of {@link SourceFormats#CONTAINERS}); every later
 *     run on the source names it with {@code -f}
 * @param json ffprobe's whole JSON output, kept on the asset
 */
public record SourceProbe(
        long durationMillis,
        int width,
        int height,
        String videoCodec,
        double frameRate,
        String audioCodec,
        String container,
        String json) {

    public boolean hasAudio() {
        return audioCodec != null;
    }

    public double durationSeconds() {
        return durationMillis / 1000.0;
    }
}
