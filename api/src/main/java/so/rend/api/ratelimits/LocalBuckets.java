package so.rend.api.ratelimits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Buckets kept in this process. Only authenticated accounts get one, and the map is bounded twice:
 * by size ({@code REND_RATE_LIMIT_LOCAL_MAX_KEYS}) and by idleness: a bucket untouched for as long
 * as the slowest bucket takes to fill is full again, so dropping it forgets nothing.
 */
final class LocalBuckets {

    private final Map<RouteClass, BucketConfiguration> configurations =
            new EnumMap<>(RouteClass.class);
    private final Map<RouteClass, Long> limits = new EnumMap<>(RouteClass.class);
    private final Cache<String, Bucket> buckets;

    LocalBuckets(RateLimitProperties properties) {
        Duration idle = Duration.ofSeconds(1);
        for (RouteClass routeClass : RouteClass.values()) {
            RateLimitProperties.Limit limit = properties.limit(routeClass);
            configurations.put(routeClass, Buckets.configuration(limit));
            limits.put(routeClass, limit.burst());
            if (limit.refillTime().compareTo(idle) > 0) {
                idle = limit.refillTime();
            }
        }
        buckets =
                Caffeine.newBuilder()
                        .maximumSize(properties.localMaxKeys())
                        .expireAfterAccess(idle.plusSeconds(1))
                        .build();
    }

    RateDecision take(UUID account, RouteClass routeClass) {
        Bucket bucket =
                buckets.get(
                        routeClass.wireName() + ":" + account,
                        key ->
                                Bucket.builder()
                                        .addLimit(configurations.get(routeClass).getBandwidths()[0])
                                        .build());
        return RateDecision.of(bucket.tryConsumeAndReturnRemaining(1), limits.get(routeClass));
    }

    long size() {
        return buckets.estimatedSize();
    }
}
