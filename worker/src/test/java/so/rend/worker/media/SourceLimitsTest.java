package so.rend.worker.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceLimitsTest {

    /** The defaults of rend-worker.yml: 4 h, DCI 4K, 120 fps. */
    private static final SourceLimits DEFAULTS = new SourceLimits(14_400, 4096L * 2160, 120);

    @Test
    void halfAnHourOf8kAt120FpsIsTooLargeByDefault() {
        MediaFailure refused = DEFAULTS.refusal(probe(1_800_000, 7680, 4320, 120)).orElseThrow();

        assertThat(refused.code()).isEqualTo(MediaFailure.SOURCE_TOO_LARGE);
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.getMessage())
                .contains("7680x4320, 33177600 pixels a frame (at most 8847360)")
                .doesNotContain("s long", "frames a second");
    }

    @Test
    void fourHoursOfUhdAt120FpsAndPortrait4kAreWithinTheDefaults() {
        assertThat(DEFAULTS.refusal(probe(14_400_000, 3840, 2160, 120))).isEmpty();
        assertThat(DEFAULTS.refusal(probe(60_000, 2160, 4096, 60))).isEmpty();
    }

    @Test
    void eachLimitRefusesOnItsOwn() {
        SourceLimits limits = new SourceLimits(10, 640 * 360, 30);

        assertThat(limits.refusal(probe(10_000, 640, 360, 30))).isEmpty();
        assertThat(limits.refusal(probe(10_001, 640, 360, 30)).orElseThrow().getMessage())
                .contains("10.0 s long (at most 10 s)");
        assertThat(limits.refusal(probe(10_000, 642, 360, 30)).orElseThrow().getMessage())
                .contains("642x360, 231120 pixels a frame (at most 230400)");
        assertThat(limits.refusal(probe(10_000, 640, 360, 60)).orElseThrow().getMessage())
                .contains("60.000 frames a second (at most 30)");
    }

    @Test
    void ntscRatesCountAsTheirRoundFigure() {
        assertThat(
                        new SourceLimits(10, 640 * 360, 30)
                                .refusal(probe(1000, 640, 360, 30000 / 1001.0)))
                .isEmpty();
        assertThat(
                        new SourceLimits(10, 640 * 360, 29.97)
                                .refusal(probe(1000, 640, 360, 30000 / 1001.0)))
                .isEmpty();
    }

    @Test
    void everyLimitOverIsNamed() {
        MediaFailure refused =
                new SourceLimits(1, 1, 1).refusal(probe(2000, 2, 2, 2)).orElseThrow();

        assertThat(refused.getMessage()).contains("s long", "pixels a frame", "frames a second");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new SourceLimits(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REND_MAX_SOURCE_SECONDS");
        assertThatThrownBy(() -> new SourceLimits(1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SourceProbe probe(long millis, int width, int height, double fps) {
        return new SourceProbe(millis, width, height, "h264", fps, null, "matroska", "{}");
    }
}
