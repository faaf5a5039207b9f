package so.rend.api.beacons;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * Beacon budgets, kept in this process: one bucket per playback token (a view, or a page's views of
 * one asset) and one per client address, each {@code perMinute} deep and refilled over a minute.
 * The client's is taken first, so a flood of forged tokens costs its sender, not the HMAC check.
 * Both maps are bounded by size and by idleness (a bucket idle a minute is full again).
 */
final class BeaconLimits {

    private static final int MAX_KEYS = 100_000;

    private final Cache<String, Bucket> buckets =
            Caffeine.newBuilder()
                    .maximumSize(MAX_KEYS)
                    .expireAfterAccess(Duration.ofMinutes(1).plusSeconds(1))
                    .build();
    private final long perToken;
    private final long perClient;

    BeaconLimits(long perToken, long perClient) {
        if (perToken < 1 || perClient < 1) {
            throw new IllegalArgumentException(
                    "REND_BEACON_RATE_PER_TOKEN_PER_MIN and _PER_CLIENT_PER_MIN must be positive");
        }
        this.perToken = perToken;
        this.perClient = perClient;
    }

    boolean client(String address) {
        return take("c:" + address, perClient);
    }

    boolean token(String token) {
        return take("t:" + token, perToken);
    }

    long size() {
        return buckets.estimatedSize();
    }

    private boolean take(String key, long perMinute) {
        return buckets.get(
                        key,
                        k ->
                                Bucket.builder()
                                        .addLimit(
                                                Bandwidth.builder()
                                                        .capacity(perMinute)
                                                        .refillGreedy(
                                                                perMinute, Duration.ofMinutes(1))
                                                        .build())
                                        .build())
                .tryConsume(1);
    }
}
