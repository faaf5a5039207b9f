package so.rend.api.webhooks;

import java.time.Duration;

/**
 * When a failed delivery is tried again: exponential backoff (base, 2 × base, 4 × base, … capped at
 * max) with jitter that keeps each wait between three quarters and all of its step, so waits still
 * grow from one attempt to the next while retries of many deliveries spread out.
 */
public record RetrySchedule(Duration base, Duration max, Duration window) {

    /**
     * The wait after attempt number {@code attempts} (1 for the first) failed.
     *
     * @param random a number in [0, 1)
     */
    public Duration delayAfter(int attempts, double random) {
        long baseMs = base.toMillis();
        long maxMs = max.toMillis();
        int doublings = Math.min(Math.max(attempts - 1, 0), 40);
        long step = baseMs;
        for (int i = 0; i < doublings && step < maxMs; i++) {
            step *= 2;
        }
        step = Math.min(step, maxMs);
        long jittered = step - (long) (step * 0.25 * random);
        return Duration.ofMillis(Math.max(jittered, 1));
    }

    /**
     * Whether a delivery whose retries started {@code sinceWindowStart} ago is still retried after
     * waiting {@code delay}.
     */
    public boolean retries(Duration sinceWindowStart, Duration delay) {
        return sinceWindowStart.plus(delay).compareTo(window) <= 0;
    }
}
