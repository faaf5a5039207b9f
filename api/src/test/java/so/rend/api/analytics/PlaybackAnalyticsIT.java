package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.auth.ApiKeys;
import so.rend.clickhouse.testing.ClickHouseTestServer;
import tools.jackson.databind.JsonNode;

/**
 * The analytics routes on a real clickhouse-server (Debian's 18.16 on CI) and embedded PostgreSQL.
 * Events go in as the edge writes them (JSONEachRow, same fields; EdgeTelemetryIT drives a real
 * edge into the same table), the batch twice as a spool replay would.
 */
class PlaybackAnalyticsIT {

    private static final String DATABASE = "rend_analytics_it";
    private static final Instant BASE =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    private static ClickHouseTestServer clickhouse;
    private static RunningApi api;
    private static String keyA;
    private static String keyB;
    private static UUID assetA;
    private static UUID assetB;

    @BeforeAll
    static void start() {
        clickhouse = ClickHouseTestServer.startOrSkip();
        api =
                ApiTestEnvironment.start(
                        Map.of(
                                "REND_CLICKHOUSE_URL",
                                clickhouse.url().toString(),
                                "REND_CLICKHOUSE_DATABASE",
                                DATABASE,
                                "REND_CLICKHOUSE_TIMEOUT_MS",
                                "1000"));
        ApiKeys.NewAccount a = api.context().getBean(ApiKeys.class).createAccount("a").block();
        ApiKeys.NewAccount b = api.context().getBean(ApiKeys.class).createAccount("b").block();
        keyA = a.apiKey();
        keyB = b.apiKey();
        assetA = newAsset(a.accountId());
        assetB = newAsset(b.accountId());
        String batch = batch();
        insert(batch);
        insert(batch); // a replayed batch: every event stored twice
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    @Test
    void theApiAppliedTheClickHouseMigrationsOnStart() {
        assertThat(
                        clickhouse.sql(
                                "SELECT version FROM "
                                        + DATABASE
                                        + ".schema_migrations FINAL FORMAT TSV"))
                .isEqualTo("1\n");
    }

    @Test
    void anAssetsAnalyticsCountEachEventOnceAfterADoubleInsert() {
        Response answer = api.get(assetPath(assetA) + window("minute"), keyA);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("requests").asLong()).isEqualTo(6);
        assertThat(body.path("bytes_served").asLong())
                .isEqualTo(1000 + 1000 + 5000 + 5000 + 300 + 0);
        assertThat(body.path("by_cache_status").path("HIT").asLong()).isEqualTo(3);
        assertThat(body.path("by_cache_status").path("MISS").asLong()).isEqualTo(2);
        assertThat(body.path("by_cache_status").path("NONE").asLong()).isEqualTo(1);
        assertThat(body.path("by_status_code").path("200").asLong()).isEqualTo(4);
        assertThat(body.path("by_status_code").path("206").asLong()).isEqualTo(1);
        assertThat(body.path("by_status_code").path("503").asLong()).isEqualTo(1);
        assertThat(body.path("by_region").path("eu-west").asLong()).isEqualTo(5);
        assertThat(body.path("by_region").path("us-east").asLong()).isEqualTo(1);
        assertThat(body.path("first_seen").asString()).isEqualTo(BASE.plusSeconds(60).toString());
        assertThat(body.path("last_seen").asString()).isEqualTo(BASE.plusSeconds(360).toString());
        JsonNode series = body.path("series");
        assertThat(series.size()).isEqualTo(60);
        assertThat(series.get(0).path("start").asString()).isEqualTo(BASE.toString());
        assertThat(series.get(1).path("requests").asLong()).isEqualTo(2);
        long sum = 0;
        for (JsonNode point : series) {
            sum += point.path("requests").asLong();
        }
        assertThat(sum).isEqualTo(6);
    }

    @Test
    void theAccountWideAnswerCoversOnlyTheAccountsAssets() {
        JsonNode a = api.get("/v1/analytics/playback" + window(null) + "&limit=5", keyA).json();
        assertThat(a.path("requests").asLong()).isEqualTo(6);
        assertThat(a.path("bytes_served").asLong()).isEqualTo(12300);
        assertThat(a.path("top_assets_by_requests").size()).isEqualTo(1);
        assertThat(a.path("top_assets_by_requests").get(0).path("asset_id").asString())
                .isEqualTo(assetA.toString());
        assertThat(a.path("top_assets_by_bytes").get(0).path("bytes_served").asLong())
                .isEqualTo(12300);
        JsonNode b = api.get("/v1/analytics/playback" + window(null), keyB).json();
        assertThat(b.path("requests").asLong()).isEqualTo(1);
        assertThat(b.path("bytes_served").asLong()).isEqualTo(777);
        assertThat(b.path("by_cache_status").path("MISS").asLong()).isEqualTo(1);
    }

    @Test
    void anotherAccountsOrAnUnknownAssetIsNotFound() {
        assertThat(api.get(assetPath(assetB), keyA).errorCode()).isEqualTo("asset_not_found");
        Response unknown = api.get(assetPath(UUID.randomUUID()), keyA);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("asset_not_found");
    }

    @Test
    void badWindowsAreRefusedWithACode() {
        List<String> bad =
                List.of(
                        "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                        "?from=2026-01-01T00:00:00Z&to=2026-02-02T00:00:00Z",
                        "?from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z&granularity=minute",
                        "?from=yesterday",
                        "?granularity=week");
        for (String query : bad) {
            Response answer = api.get(assetPath(assetA) + query, keyA);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.errorCode()).as(query).isEqualTo("invalid_window");
        }
        Response account = api.get("/v1/analytics/playback?from=nope", keyA);
        assertThat(account.errorCode()).isEqualTo("invalid_window");
        Response limit = api.get("/v1/analytics/playback?limit=0", keyA);
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.errorCode()).isEqualTo("invalid_parameter");
    }

    @Test
    void clickHouseDownIsA503AndBackIsServedAgain() {
        clickhouse.stop();
        try {
            for (String path : List.of(assetPath(assetA), "/v1/analytics/playback")) {
                Response down = api.get(path, keyA);
                assertThat(down.status()).as(path).isEqualTo(503);
                assertThat(down.errorCode()).isEqualTo("analytics_unavailable");
                assertThat(down.raw().headers().firstValue("retry-after")).isPresent();
            }
        } finally {
            clickhouse.start();
        }
        assertThat(api.get(assetPath(assetA) + window(null), keyA).json().path("requests").asLong())
                .isEqualTo(6);
    }

    private static String assetPath(UUID asset) {
        return "/v1/assets/" + asset + "/analytics/playback";
    }

    private static String window(String granularity) {
        return "?from="
                + BASE
                + "&to="
                + BASE.plus(1, ChronoUnit.HOURS)
                + (granularity == null ? "" : "&granularity=" + granularity);
    }

    private static UUID newAsset(UUID account) {
        return AnalyticsFixtures.newAsset(
                api, account, BASE.minus(1, ChronoUnit.DAYS), "hls_ready");
    }

    /** Six requests of asset A, one of B, one forged (no asset proven), one outside the window. */
    private static String batch() {
        List<String> rows = new ArrayList<>();
        rows.add(row(assetA, 60, "hls/master.m3u8", "eu-west", "MISS", 200, 1000));
        rows.add(row(assetA, 70, "hls/master.m3u8", "eu-west", "HIT", 200, 1000));
        rows.add(row(assetA, 120, "hls/720p/seg_00001.m4s", "eu-west", "MISS", 200, 5000));
        rows.add(row(assetA, 180, "hls/720p/seg_00001.m4s", "eu-west", "HIT", 200, 5000));
        rows.add(row(assetA, 240, "opener.mp4", "us-east", "HIT", 206, 300));
        rows.add(row(assetA, 360, "hls/720p/seg_00002.m4s", "eu-west", "NONE", 503, 0));
        rows.add(row(assetB, 100, "hls/master.m3u8", "eu-west", "MISS", 200, 777));
        rows.add(row(null, 100, "", "eu-west", "NONE", 403, 0));
        rows.add(row(assetA, -60, "hls/master.m3u8", "eu-west", "HIT", 200, 99999));
        return String.join("\n", rows) + "\n";
    }

    private static String row(
            UUID asset,
            long second,
            String path,
            String region,
            String cache,
            int status,
            long bytes) {
        return AnalyticsFixtures.row(
                asset, BASE.plusSeconds(second), path, region, cache, status, bytes);
    }

    private static void insert(String rows) {
        clickhouse.sql("INSERT INTO " + DATABASE + ".playback_events FORMAT JSONEachRow\n" + rows);
    }
}
