package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * An API without {@code REND_CLICKHOUSE_URL} (real PostgreSQL, no ClickHouse): the analytics routes
 * say so with a 503 of their own, and nothing else needs ClickHouse.
 */
class AnalyticsNotConfiguredIT {

    @Test
    void withoutClickHouseTheRoutesSayAnalyticsAreNotConfigured() {
        try (RunningApi api = ApiTestEnvironment.start(Map.of())) {
            String key = api.newAccountKey();
            String asset = "/v1/assets/" + UUID.randomUUID() + "/analytics/playback";
            for (String path : List.of(asset, "/v1/analytics/playback")) {
                Response answer = api.get(path, key);
                assertThat(answer.status()).as(path).isEqualTo(503);
                assertThat(answer.errorCode()).isEqualTo("analytics_not_configured");
            }
            assertThat(api.get("/v1/assets", key).status()).isEqualTo(200);
        }
    }

    @Test
    void aClickHouseThatNeverAnswersNeitherStopsTheApiNorMakesA500() throws Exception {
        try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RunningApi api =
                        ApiTestEnvironment.start(
                                Map.of(
                                        "REND_CLICKHOUSE_URL",
                                        "http://127.0.0.1:" + blackhole.getLocalPort(),
                                        "REND_CLICKHOUSE_TIMEOUT_MS",
                                        "500"))) {
            String key = api.newAccountKey();
            long started = System.nanoTime();
            Response answer = api.get("/v1/analytics/playback", key);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.errorCode()).isEqualTo("analytics_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(api.get("/v1/assets", key).status()).isEqualTo(200);
        }
    }
}
