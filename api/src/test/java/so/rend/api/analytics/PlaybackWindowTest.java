package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import so.rend.api.errors.ApiError;

class PlaybackWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:34:56.789Z");

    @Test
    void defaultsToTheLastDayInHours() {
        PlaybackWindow window = PlaybackWindow.parse(null, "", null, NOW);
        assertThat(window.to()).isEqualTo(Instant.parse("2026-11-29T12:34:56Z"));
        assertThat(window.from()).isEqualTo(Instant.parse("2026-11-28T12:34:56Z"));
        assertThat(window.granularity()).isEqualTo(PlaybackWindow.Granularity.HOUR);
        // 12:00 of the day before through 12:00 today: a partial bucket at each end.
        assertThat(window.buckets()).isEqualTo(25);
        assertThat(Instant.ofEpochSecond(window.firstBucket()))
                .isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
    }

    @Test
    void bucketsAlignToUtcAndCountExactly() {
        PlaybackWindow window =
                PlaybackWindow.parse("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "minute", NOW);
        assertThat(window.buckets()).isEqualTo(1440);
        PlaybackWindow days =
                PlaybackWindow.parse(
                        "2026-11-01T00:00:00+02:00", "2026-12-01T22:00:00Z", "DAY", NOW);
        assertThat(days.from()).isEqualTo(Instant.parse("2026-10-31T22:00:00Z"));
        assertThat(days.buckets()).isEqualTo(32);
    }

    @Test
    void theDefaultDayAtMinuteGranularityIsAnsweredWithItsPartialBuckets() {
        PlaybackWindow window = PlaybackWindow.parse(null, null, "minute", NOW);
        assertThat(window.buckets()).isEqualTo(1441);
    }

    @Test
    void refusesWindowsItCannotAnswer() {
        assertRefused("2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", null);
        assertRefused("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", null);
        assertRefused("2026-10-01T00:00:00Z", "2026-11-01T00:00:01Z", "day");
        assertRefused("2026-11-01T00:00:00Z", "2026-11-02T00:01:00Z", "minute");
        assertRefused("last week", null, null);
        assertRefused(null, "2026-13-01T00:00:00Z", null);
        assertRefused(null, null, "week");
    }

    private static void assertRefused(String from, String to, String granularity) {
        assertThatThrownBy(() -> PlaybackWindow.parse(from, to, granularity, NOW))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.code()).isEqualTo("invalid_window"));
    }
}
