package so.rend.api.ratelimits;

import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.TimeUnit;

/**
 * What a bucket said about one request, in the units of the {@code RateLimit-*} and {@code
 * Retry-After} headers.
 *
 * @param allowed whether the request may go on
 * @param limit the bucket's size ({@code RateLimit-Limit})
 * @param remaining requests left now ({@code RateLimit-Remaining})
 * @param retryAfterSeconds when a refused request may come back ({@code Retry-After}); 0 if allowed
 * @param resetSeconds when the bucket is full again ({@code RateLimit-Reset})
 */
public record RateDecision(
        boolean allowed, long limit, long remaining, long retryAfterSeconds, long resetSeconds) {

    static RateDecision of(ConsumptionProbe probe, long limit) {
        return new RateDecision(
                probe.isConsumed(),
                limit,
                Math.max(0, probe.getRemainingTokens()),
                probe.isConsumed() ? 0 : ceilSeconds(probe.getNanosToWaitForRefill()),
                ceilSeconds(probe.getNanosToWaitForReset()));
    }

    private static long ceilSeconds(long nanos) {
        // Whole seconds, rounded up, at least 1 when there is anything to wait for: a client told
        // "0" would come straight back.
        return nanos <= 0
                ? 0
                : Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / 1_000_000_000L);
    }
}
