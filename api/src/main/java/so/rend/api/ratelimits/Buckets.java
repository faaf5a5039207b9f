package so.rend.api.ratelimits;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import so.rend.api.ratelimits.RateLimitProperties.Limit;

/** The one bucket shape every store builds: {@code burst} tokens, refilled greedily. */
final class Buckets {

    private Buckets() {}

    static BucketConfiguration configuration(Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(
                        bandwidth ->
                                bandwidth
                                        .capacity(limit.burst())
                                        .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
                .build();
    }
}
