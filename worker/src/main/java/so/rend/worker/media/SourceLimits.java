package so.rend.worker.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The most media work one source may ask of a worker, checked on ffprobe's verdict before anything
 * is encoded from it. The ladder's cost grows with duration × pixels per frame × frames per second
 * (every source frame is decoded and scaled, and the renditions keep the source's frame rate), so
 * each factor is bounded on its own.
 *
 * @param maxSeconds REND_MAX_SOURCE_SECONDS
 * @param maxPixels REND_MAX_SOURCE_PIXELS: width × height of one frame
 * @param maxFramesPerSecond REND_MAX_SOURCE_FPS
 */
public record SourceLimits(long maxSeconds, long maxPixels, double maxFramesPerSecond) {

    public SourceLimits {
        if (maxSeconds < 1 || maxPixels < 1 || !(maxFramesPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "REND_MAX_SOURCE_SECONDS, REND_MAX_SOURCE_PIXELS and REND_MAX_SOURCE_FPS must"
                            + " be positive, were "
                            + maxSeconds
                            + ", "
                            + maxPixels
                            + " and "
                            + maxFramesPerSecond);
        }
    }

    /**
     * {@code source_too_large} naming every limit the source is over, or nothing when it is within
     * all of them (a limit is the largest value allowed).
     */
    public Optional<MediaFailure> refusal(SourceProbe probe) {
        List<String> over = new ArrayList<>();
        if (probe.durationMillis() > maxSeconds * 1000) {
            over.add(
                    String.format(
                            Locale.ROOT,
                            "%.1f s long (at most %d s)",
                            probe.durationSeconds(),
                            maxSeconds));
        }
        long pixels = (long) probe.width() * probe.height();
        if (pixels > maxPixels) {
            over.add(
                    String.format(
                            Locale.ROOT,
                            "%dx%d, %d pixels a frame (at most %d)",
                            probe.width(),
                            probe.height(),
                            pixels,
                            maxPixels));
        }
        // ffprobe reports 29.97 as 30000/1001: a hair of tolerance keeps a limit of 30 for it.
        if (probe.frameRate() > maxFramesPerSecond + 0.01) {
            over.add(
                    String.format(
                            Locale.ROOT,
                            "%.3f frames a second (at most %s)",
                            probe.frameRate(),
                            formatted(maxFramesPerSecond)));
        }
        if (over.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new MediaFailure(
                        MediaFailure.SOURCE_TOO_LARGE,
                        false,
                        "the source is larger than this service processes: "
                                + String.join("; ", over)));
    }

    private static String formatted(double value) {
        return value == Math.rint(value)
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
