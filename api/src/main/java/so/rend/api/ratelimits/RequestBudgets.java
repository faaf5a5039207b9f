package so.rend.api.ratelimits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The request budgets of every account: shared through Redis when {@code REND_REDIS_URL} is set,
 * else this process's own. When Redis fails or is slow, the request is decided by this process's
 * buckets instead (so each replica enforces the whole budget on its own until Redis is back): the
 * API keeps serving, still bounded, and the failure is counted ({@code
 * rend_rate_limits_redis_failures_total}) and logged at most once every 30 seconds.
 */
public final class RequestBudgets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RequestBudgets.class);
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final LocalBuckets local;
    private final RedisBuckets redis;
    private final Counter redisFailures;
    private final Map<RouteClass, Counter> refused = new EnumMap<>(RouteClass.class);
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public RequestBudgets(RateLimitProperties properties, MeterRegistry meters) {
        this.local = new LocalBuckets(properties);
        this.redis = properties.redisUrl() == null ? null : new RedisBuckets(properties);
        this.redisFailures =
                Counter.builder("rend.rate_limits.redis_failures")
                        .description("rate-limit decisions made locally because Redis failed")
                        .register(meters);
        for (RouteClass routeClass : RouteClass.values()) {
            refused.put(
                    routeClass,
                    Counter.builder("rend.rate_limits.refused")
                            .tag("route_class", routeClass.wireName())
                            .register(meters));
        }
        Gauge.builder("rend.rate_limits.local_buckets", local, LocalBuckets::size).register(meters);
        log.info(
                "rate limits {} ({})",
                redis == null ? "kept in this process" : "shared through Redis",
                properties);
    }

    /** Takes one request from the account's budget for this route class. */
    public Mono<RateDecision> take(UUID account, RouteClass routeClass) {
        Mono<RateDecision> decision =
                redis == null
                        ? Mono.fromSupplier(() -> local.take(account, routeClass))
                        : redis.take(account, routeClass)
                                .onErrorResume(
                                        e -> {
                                            redisFailed(e);
                                            return Mono.fromSupplier(
                                                    () -> local.take(account, routeClass));
                                        });
        return decision.doOnNext(
                d -> {
                    if (!d.allowed()) {
                        refused.get(routeClass).increment();
                    }
                });
    }

    private void redisFailed(Throwable error) {
        redisFailures.increment();
        long last = lastLogged.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            log.warn(
                    "Redis did not answer a rate-limit decision ({}); this process decides alone"
                            + " until it does (logged at most every 30 s)",
                    error.toString());
        }
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
