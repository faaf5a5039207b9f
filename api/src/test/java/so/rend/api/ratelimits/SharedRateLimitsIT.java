package so.rend.api.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.embedded.testing.RedisServerProcess;

/**
 * Two rend-api instances (two Spring applications with their own buckets, listeners and Redis
 * clients, in one test JVM) sharing one real {@code redis-server} started by the test: one budget
 * per account across both; and while Redis is down, each decides alone and keeps answering.
 */
class SharedRateLimitsIT {

    private static RedisServerProcess redis;
    private static RunningApi first;
    private static RunningApi second;

    @BeforeAll
    static void start() {
        if (!RedisServerProcess.available()) {
            System.err.println(
                    "\n*** SharedRateLimitsIT SKIPPED: redis-server is not installed"
                            + " (apt-get install redis-server; .ci/run installs it) ***\n");
        }
        Assumptions.assumeTrue(
                RedisServerProcess.available(),
                "redis-server is missing (apt-get install redis-server): SharedRateLimitsIT is"
                        + " skipped");
        redis = RedisServerProcess.start();
        Map<String, String> settings =
                Map.of(
                        "REND_REDIS_URL", redis.url(),
                        "REND_RATE_LIMIT_READS_PER_SEC", "1",
                        "REND_RATE_LIMIT_READS_BURST", "10");
        first = ApiTestEnvironment.start(settings);
        second = ApiTestEnvironment.start(settings);
        String warm = first.newAccountKey();
        first.get("/v1/assets", warm);
        second.get("/v1/assets", warm);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    void twoApiInstancesSharingOneRedisEnforceOneBudget() {
        String key = first.newAccountKey();
        double failuresBefore = redisFailures(first) + redisFailures(second);
        for (int i = 0; i < 10; i++) {
            RunningApi api = i % 2 == 0 ? first : second;
            Response ok = api.get("/v1/assets", key);
            assertThat(ok.status()).as("request %d", i).isEqualTo(200);
            assertThat(Long.parseLong(header(ok, "RateLimit-Remaining")))
                    .isLessThanOrEqualTo(9 - i);
        }
        for (RunningApi api : new RunningApi[] {first, second}) {
            Response refused = api.get("/v1/assets", key);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("rate_limited");
            assertThat(header(refused, "Retry-After")).isNotNull();
        }
        assertThat(redis.command("DBSIZE")).isNotEqualTo(":0");
        assertThat(redisFailures(first) + redisFailures(second)).isEqualTo(failuresBefore);
    }

    @Test
    void whileRedisIsDownEachInstanceDecidesAloneAndThenSharesAgain() throws Exception {
        String key = first.newAccountKey();
        double failuresBefore = redisFailures(first);
        redis.stop();
        try {
            // Fail open to the process's own buckets: still answered, still bounded.
            // The bucket holds 10 and refills 1 a second, so a slow machine may earn a few more.
            long began = System.nanoTime();
            int answered = 0;
            Response last = first.get("/v1/assets", key);
            while (last.status() == 200 && answered < 100) {
                assertThat(header(last, "RateLimit-Limit")).isEqualTo("10");
                answered++;
                last = first.get("/v1/assets", key);
            }
            long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
            assertThat(last.errorCode()).isEqualTo("rate_limited");
            assertThat(answered).isBetween(10, 10 + (int) seconds + 1);
            // The other instance has its own local budget meanwhile.
            assertThat(second.get("/v1/assets", key).status()).isEqualTo(200);
            assertThat(redisFailures(first)).isGreaterThanOrEqualTo(failuresBefore + answered + 1);
        } finally {
            redis.startAgain();
        }
        // Redis is back (empty): the shared bucket decides again, and it is full. Until the client
        // has reconnected, an answer may still come from the local bucket (a 200 from a refill, or
        // a 429): wait for one the shared bucket gave, which counts no Redis failure.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean shared = false;
        while (!shared && System.nanoTime() < deadline) {
            double before = redisFailures(first);
            shared = first.get("/v1/assets", key).status() == 200 && redisFailures(first) == before;
            if (!shared) {
                Thread.sleep(200);
            }
        }
        assertThat(shared).as("an answer from the shared bucket after Redis came back").isTrue();
        double failures = redisFailures(first);
        assertThat(first.get("/v1/assets", key).status()).isEqualTo(200);
        assertThat(redisFailures(first)).isEqualTo(failures);
        assertThat(redis.command("DBSIZE")).isNotEqualTo(":0");
    }

    @Test
    void aSlowRedisIsWaitedForNoLongerThanTheTimeout() throws Exception {
        String key = first.newAccountKey();
        Thread sleeper = new Thread(() -> redis.command("DEBUG SLEEP 2"));
        sleeper.start();
        try {
            Thread.sleep(200);
            long started = System.nanoTime();
            Response answer = first.get("/v1/assets", key);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(answer.status()).isEqualTo(200);
            // REND_REDIS_TIMEOUT_MS is 250 by default; the server sleeps for 2 s.
            assertThat(tookMs).isLessThan(1500);
        } finally {
            sleeper.join();
        }
    }

    @Test
    void anApiWhoseRedisIsUnreachableAtStartStartsAndServes() {
        try (RunningApi alone =
                ApiTestEnvironment.start(
                        Map.of(
                                "REND_REDIS_URL", "redis://127.0.0.1:" + closedPort(),
                                "REND_RATE_LIMIT_READS_PER_SEC", "1",
                                "REND_RATE_LIMIT_READS_BURST", "2"))) {
            String key = alone.newAccountKey();
            assertThat(alone.get("/v1/assets", key).status()).isEqualTo(200);
            assertThat(alone.get("/v1/assets", key).status()).isEqualTo(200);
            assertThat(alone.get("/v1/assets", key).errorCode()).isEqualTo("rate_limited");
            assertThat(redisFailures(alone)).isGreaterThanOrEqualTo(3);
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double redisFailures(RunningApi api) {
        return api.context()
                .getBean(MeterRegistry.class)
                .get("rend.rate_limits.redis_failures")
                .counter()
                .count();
    }

    private static String header(Response response, String name) {
        return response.raw().headers().firstValue(name).orElse(null);
    }
}
