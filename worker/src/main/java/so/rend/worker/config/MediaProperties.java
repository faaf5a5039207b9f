package so.rend.worker.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import so.rend.worker.media.EncodingSettings;
import so.rend.worker.media.SourceLimits;

/**
 * ffmpeg and the encoding choices.
 *
 * @param ffmpegPath REND_FFMPEG_PATH; blank uses the bundled build
 * @param ffprobePath REND_FFPROBE_PATH; blank uses the bundled build
 * @param processTimeout REND_MEDIA_PROCESS_TIMEOUT_SECS: the bound on every ffmpeg/ffprobe run
 * @param openerSegments REND_MEDIA_OPENER_SEGMENTS: opener length in 2 s segments
 * @param openerShortSide REND_MEDIA_OPENER_SHORT_SIDE: the opener's short side in pixels
 * @param x264Preset REND_MEDIA_X264_PRESET: the ladder's x264 preset
 * @param streamSourceToOpener REND_MEDIA_STREAM_SOURCE_TO_OPENER: ffprobe and the opener read the
 *     source through a presigned URL while it downloads (off: they wait for the download)
 * @param maxSourceSeconds REND_MAX_SOURCE_SECONDS: the longest source processed
 * @param maxSourcePixels REND_MAX_SOURCE_PIXELS: the most pixels in one frame (width × height)
 * @param maxSourceFps REND_MAX_SOURCE_FPS: the highest frame rate
 */
@ConfigurationProperties("rend.media")
public record MediaProperties(
        String ffmpegPath,
        String ffprobePath,
        @DurationUnit(ChronoUnit.SECONDS) Duration processTimeout,
        int openerSegments,
        int openerShortSide,
        String x264Preset,
        boolean streamSourceToOpener,
        long maxSourceSeconds,
        long maxSourcePixels,
        double maxSourceFps) {

    public MediaProperties {
        // Fails the start on a bad value rather than the first job.
        new SourceLimits(maxSourceSeconds, maxSourcePixels, maxSourceFps);
    }

    public SourceLimits sourceLimits() {
        return new SourceLimits(maxSourceSeconds, maxSourcePixels, maxSourceFps);
    }

    public EncodingSettings encodingSettings() {
        EncodingSettings d = EncodingSettings.DEFAULTS;
        return new EncodingSettings(
                d.segmentSeconds(),
                openerSegments,
                openerShortSide,
                d.openerVideoKbps(),
                x264Preset,
                d.audioKbps(),
                d.thumbnailShortSide());
    }
}
