package so.rend.worker.queue;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of {@code base
 * * 2^(n-1)}, capped. Jitter spreads a burst of failures so retries do not arrive together.
 */
public record RetryBackoff(Duration base, Duration cap) {

    public RetryBackoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got " + base + " and " + cap);
        }
    }

    /**
     * @param attempt the attempt that just failed, from 1
     * @param random a uniform value in [0, 1)
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        int exponent = Math.max(0, Math.min(attempt - 1, 30));
        double ceiling = Math.min((double) cap.toMillis(), base.toMillis() * Math.pow(2, exponent));
        double millis = ceiling / 2 + random.getAsDouble() * ceiling / 2;
        return Duration.ofMillis(Math.round(millis));
    }
}
