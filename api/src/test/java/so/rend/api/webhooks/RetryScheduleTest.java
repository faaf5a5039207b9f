package so.rend.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule =
            new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24));

    @Test
    void waitsDoubleFromTheBaseUpToTheCap() {
        assertThat(schedule.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.delayAfter(2, 0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.delayAfter(3, 0)).isEqualTo(Duration.ofSeconds(40));
        assertThat(schedule.delayAfter(10, 0)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.delayAfter(1000, 0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterTakesAtMostAQuarterAndWaitsStillGrow() {
        assertThat(schedule.delayAfter(1, 0.999))
                .isBetween(Duration.ofMillis(7500), Duration.ofSeconds(10));
        for (int attempt = 1; attempt < 8; attempt++) {
            assertThat(schedule.delayAfter(attempt + 1, 0.999))
                    .isGreaterThan(schedule.delayAfter(attempt, 0));
        }
    }

    @Test
    void retriesStopAfterTheWindow() {
        assertThat(schedule.retries(Duration.ofHours(23), Duration.ofMinutes(59))).isTrue();
        assertThat(schedule.retries(Duration.ofHours(23), Duration.ofMinutes(61))).isFalse();
    }

    @Test
    void aDayOfRetriesIsAboutThirtyAttempts() {
        Duration total = Duration.ZERO;
        int attempts = 1;
        while (schedule.retries(total, schedule.delayAfter(attempts, 0.5))) {
            total = total.plus(schedule.delayAfter(attempts, 0.5));
            attempts++;
        }
        assertThat(attempts).isBetween(25, 40);
    }
}
