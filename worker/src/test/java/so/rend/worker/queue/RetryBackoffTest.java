package so.rend.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff =
            new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(10));

    @Test
    void doublesPerAttemptBetweenHalfAndAllOfTheCeiling() {
        assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(1, () -> 0.999999)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(2, () -> 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void staysUnderTheCapHoweverManyAttempts() {
        assertThat(backoff.delay(40, () -> 0.999999)).isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.delay(40, () -> 0.0)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesACapBelowTheBase() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
