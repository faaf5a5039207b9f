package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.clickhouse.testing.ClickHouseTestServer;

/** The analytics routes on a real clickhouse-server, with what only a server can do: be down. */
class PlaybackAnalyticsOnClickHouseIT extends PlaybackAnalyticsContract {

    @Override
    StoreUnderTest store() {
        return StoreUnderTest.clickhouse(DATABASE);
    }

    @Test
    void theApiAppliedTheClickHouseMigrationsOnStart() {
        assertThat(
                        server().sql(
                                        "SELECT version FROM "
                                                + DATABASE
                                                + ".schema_migrations FINAL ORDER BY version FORMAT TSV"))
                .isEqualTo("1\n2\n");
    }

    @Test
    void clickHouseDownIsA503AndBackIsServedAgain() {
        server().stop();
        try {
            for (String path : List.of(assetPath(assetA), "/v1/analytics/playback")) {
                Response down = api.get(path, keyA);
                assertThat(down.status()).as(path).isEqualTo(503);
                assertThat(down.errorCode()).isEqualTo("analytics_unavailable");
                assertThat(down.raw().headers().firstValue("retry-after")).isPresent();
            }
        } finally {
            server().start();
        }
        assertThat(api.get(assetPath(assetA) + window(null), keyA).json().path("requests").asLong())
                .isEqualTo(6);
    }

    private ClickHouseTestServer server() {
        return ((StoreUnderTest.OnClickHouse) store).server();
    }
}
