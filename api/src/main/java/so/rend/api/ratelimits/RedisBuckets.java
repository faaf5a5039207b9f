package so.rend.api.ratelimits;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Buckets in Redis, shared by every API process that names the same {@code REND_REDIS_URL}: one
 * budget per account and route class however many replicas serve it. Bucket4j keeps each bucket as
 * one key ({@code rend:rate:<class>:<account>}), updated by compare-and-swap, that expires once it
 * would be full again. Every call is bounded by {@code REND_REDIS_TIMEOUT_MS}; a call that fails or
 * times out fails here, and the caller decides (see {@link RequestBudgets}).
 */
final class RedisBuckets implements AutoCloseable {

    /** A failed connection is tried again no sooner than this, not on every request. */
    private static final long RECONNECT_NANOS = Duration.ofSeconds(1).toNanos();

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private final Map<RouteClass, BucketConfiguration> configurations =
            new EnumMap<>(RouteClass.class);
    private final Map<RouteClass, Long> limits = new EnumMap<>(RouteClass.class);
    private CompletableFuture<Connected> connection;
    private long attemptedAt;

    RedisBuckets(RateLimitProperties properties) {
        this.uri = RedisURI.create(properties.redisUrl());
        this.timeout = properties.redisTimeout();
        uri.setTimeout(timeout);
        for (RouteClass routeClass : RouteClass.values()) {
            configurations.put(routeClass, Buckets.configuration(properties.limit(routeClass)));
            limits.put(routeClass, properties.limit(routeClass).burst());
        }
        // Lettuce's default reconnect back-off grows to 30 s; a second keeps the outage short.
        resources =
                ClientResources.builder()
                        .ioThreadPoolSize(1)
                        .computationThreadPoolSize(1)
                        .reconnectDelay(Delay.constant(Duration.ofSeconds(1)))
                        .build();
        client = RedisClient.create(resources);
        client.setOptions(
                ClientOptions.builder()
                        .autoReconnect(true)
                        // While disconnected, fail at once rather than queue behind a reconnect.
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled(timeout))
                        .build());
        connection();
    }

    Mono<RateDecision> take(UUID account, RouteClass routeClass) {
        byte[] key =
                ("rend:rate:" + routeClass.wireName() + ":" + account)
                        .getBytes(StandardCharsets.UTF_8);
        BucketConfiguration configuration = configurations.get(routeClass);
        return Mono.fromFuture(this::connection)
                .flatMap(
                        connected ->
                                Mono.fromFuture(
                                        () ->
                                                connected
                                                        .buckets()
                                                        .builder()
                                                        .build(key, () -> completed(configuration))
                                                        .tryConsumeAndReturnRemaining(1)))
                .map(probe -> RateDecision.of(probe, limits.get(routeClass)))
                .timeout(timeout);
    }

    private static CompletableFuture<BucketConfiguration> completed(BucketConfiguration c) {
        return CompletableFuture.completedFuture(c);
    }

    /**
     * The connection, made on first use and again (at most once a second) after a failed attempt.
     * Once made, Lettuce reconnects it by itself.
     */
    private synchronized CompletableFuture<Connected> connection() {
        boolean failed = connection != null && connection.isCompletedExceptionally();
        if (connection == null || (failed && System.nanoTime() - attemptedAt > RECONNECT_NANOS)) {
            attemptedAt = System.nanoTime();
            connection =
                    client.connectAsync(ByteArrayCodec.INSTANCE, uri)
                            .toCompletableFuture()
                            .thenApply(this::connected);
        }
        return connection;
    }

    private Connected connected(StatefulRedisConnection<byte[], byte[]> redis) {
        AsyncProxyManager<byte[]> buckets =
                Bucket4jLettuce.casBasedBuilder(redis)
                        .expirationAfterWrite(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                        Duration.ofSeconds(10)))
                        .build()
                        .asAsync();
        return new Connected(redis, buckets);
    }

    @Override
    public void close() {
        CompletableFuture<Connected> current;
        synchronized (this) {
            current = connection;
        }
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().redis().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private record Connected(
            StatefulRedisConnection<byte[], byte[]> redis, AsyncProxyManager<byte[]> buckets) {}
}
