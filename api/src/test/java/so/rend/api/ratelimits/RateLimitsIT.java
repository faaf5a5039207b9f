package so.rend.api.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * Rate limits kept in the API process (no {@code REND_REDIS_URL}), over real HTTP against a real
 * PostgreSQL: buckets per account and route class, the headers, the 429.
 */
class RateLimitsIT {

    private static RunningApi api;

    @BeforeAll
    static void start() {
        Map<String, String> limits = new HashMap<>();
        // Refilled at 1/s: the handful of requests below land well inside a second.
        limits.put("REND_RATE_LIMIT_READS_PER_SEC", "1");
        limits.put("REND_RATE_LIMIT_READS_BURST", "5");
        limits.put("REND_RATE_LIMIT_PLAYBACK_PER_SEC", "1");
        limits.put("REND_RATE_LIMIT_PLAYBACK_BURST", "3");
        limits.put("REND_RATE_LIMIT_CREATES_PER_SEC", "1");
        limits.put("REND_RATE_LIMIT_CREATES_BURST", "2");
        api = ApiTestEnvironment.start(limits);
        // Warm the path up, so the bursts below are not stretched by a cold JVM.
        String warm = api.newAccountKey();
        for (int i = 0; i < 3; i++) {
            api.get("/v1/assets", warm);
        }
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aBurstBeyondTheBucketGets429WithTheHeaders() {
        String key = api.newAccountKey();
        for (int i = 0; i < 5; i++) {
            Response ok = api.get("/v1/assets", key);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(header(ok, "RateLimit-Limit")).isEqualTo("5");
            assertThat(Long.parseLong(header(ok, "RateLimit-Remaining")))
                    .isLessThanOrEqualTo(4 - i);
        }
        Response refused = api.get("/v1/assets", key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(header(refused, "RateLimit-Limit")).isEqualTo("5");
        assertThat(header(refused, "RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(header(refused, "Retry-After"))).isBetween(1L, 2L);
        assertThat(Long.parseLong(header(refused, "RateLimit-Reset"))).isBetween(1L, 6L);
        assertThat(header(refused, "content-type")).startsWith("application/json");
    }

    @Test
    void eachAccountAndEachRouteClassHasItsOwnBucket() {
        String key = api.newAccountKey();
        while (api.get("/v1/assets", key).status() != 429) {
            // empty this account's reads
        }
        Response otherAccount = api.get("/v1/assets", api.newAccountKey());
        assertThat(otherAccount.status()).isEqualTo(200);
        assertThat(header(otherAccount, "RateLimit-Remaining")).isEqualTo("4");

        Response playback = api.get("/v1/assets/" + UUID.randomUUID() + "/playback", key);
        assertThat(playback.status()).isEqualTo(404);
        assertThat(header(playback, "RateLimit-Limit")).isEqualTo("3");
        assertThat(header(playback, "RateLimit-Remaining")).isEqualTo("2");
    }

    @Test
    void anUploadBeyondItsBucketIsRefusedBeforeItsBodyIsRead() {
        String key = api.newAccountKey();
        for (int i = 0; i < 2; i++) {
            assertThat(upload(key).errorCode()).isEqualTo("unsupported_content_type");
        }
        Response refused = upload(key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(header(refused, "RateLimit-Limit")).isEqualTo("2");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void requestsWithForgedKeysAreRefusedAndMakeNoBucket() {
        double before = localBuckets();
        for (int i = 0; i < 200; i++) {
            Response refused = api.get("/v1/assets", "rend_forged_" + UUID.randomUUID());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.raw().headers().firstValue("RateLimit-Limit")).isEmpty();
        }
        assertThat(localBuckets()).isEqualTo(before);
    }

    @Test
    void healthAndReadinessAreNotRateLimited() {
        for (int i = 0; i < 20; i++) {
            Response health = api.get("/healthz", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.raw().headers().firstValue("RateLimit-Limit")).isEmpty();
        }
    }

    private static Response upload(String key) {
        return api.send(
                api.request("/v1/videos", key)
                        .header("content-type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("not a video"))
                        .build());
    }

    private static double localBuckets() {
        return api.context()
                .getBean(MeterRegistry.class)
                .get("rend.rate_limits.local_buckets")
                .gauge()
                .value();
    }

    private static String header(Response response, String name) {
        return response.raw().headers().firstValue(name).orElse(null);
    }
}
