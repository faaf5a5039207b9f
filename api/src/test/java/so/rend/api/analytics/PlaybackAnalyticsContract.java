package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.auth.ApiKeys;
import tools.jackson.databind.JsonNode;

/**
 * The analytics routes on each analytics store ({@link StoreUnderTest}: a real clickhouse-server,
 * the embedded DuckDB file) and embedded PostgreSQL. Events go in as the edge writes them
 * (JSONEachRow, same fields; EdgeTelemetryIT drives a real edge into the same table), the batch
 * twice as a spool replay would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlaybackAnalyticsContract {

    static final String DATABASE = "rend_analytics_it";
    static final int BEACONS_PER_TOKEN = 20;
    private static final Instant BASE =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    StoreUnderTest store;
    RunningApi api;
    String keyA;
    private String keyB;
    UUID assetA;
    private UUID assetB;
    private UUID accountA;

    /** The store this run's API reads. */
    abstract StoreUnderTest store();

    @BeforeAll
    void start() {
        store = store();
        Map<String, String> environment = new HashMap<>(store.apiEnvironment());
        environment.put("REND_BEACON_FLUSH_MS", "100");
        environment.put("REND_BEACON_RATE_PER_TOKEN_PER_MIN", Integer.toString(BEACONS_PER_TOKEN));
        api = ApiTestEnvironment.start(environment);
        ApiKeys.NewAccount a = api.context().getBean(ApiKeys.class).createAccount("a").block();
        ApiKeys.NewAccount b = api.context().getBean(ApiKeys.class).createAccount("b").block();
        keyA = a.apiKey();
        keyB = b.apiKey();
        accountA = a.accountId();
        assetA = newAsset(a.accountId());
        assetB = newAsset(b.accountId());
        String batch = batch();
        insert(batch);
        insert(batch); // a replayed batch: every event stored twice
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
        if (store != null) {
            store.close();
        }
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
    void beaconsOfSixViewsBecomeTheAssetsQoe() {
        UUID asset = newAsset(accountA);
        String token = token(asset);
        long[] startups = {500, 100, 400, 200, 300};
        for (long startup : startups) {
            UUID view = UUID.randomUUID();
            assertThat(beacon(Beacons.body(asset, token, view, 0, startup, 0, 0, 0)).status())
                    .isEqualTo(204);
            // The view's later beacon (sent twice, as a retried sendBeacon may be) wins.
            String later = Beacons.body(asset, token, view, 1, startup, 9000, 1, 1000);
            assertThat(beacon(later).status()).isEqualTo(204);
            assertThat(beacon(later).status()).isEqualTo(204);
        }
        // A view that never reached its first frame, and ended in an error.
        String failed =
                Beacons.body(asset, token, UUID.randomUUID(), 0, -1, 0, 0, 0)
                        .replace("}", ",\"fatal_error\":\"hls_network_error\"}");
        assertThat(beacon(failed).status()).isEqualTo(204);

        JsonNode qoe = awaitQoe(asset, 6);
        assertThat(qoe.path("startup_ms_p50").asLong()).isEqualTo(300);
        assertThat(qoe.path("startup_ms_p95").asLong()).isEqualTo(500);
        assertThat(qoe.path("watch_ms").asLong()).isEqualTo(5 * 9000);
        assertThat(qoe.path("rebuffer_count").asLong()).isEqualTo(5);
        assertThat(qoe.path("rebuffer_ms").asLong()).isEqualTo(5 * 1000);
        assertThat(qoe.path("rebuffer_ratio").asDouble()).isEqualTo(0.1);
        assertThat(qoe.path("views_with_fatal_error").asLong()).isEqualTo(1);
    }

    @Test
    void anAssetWithoutBeaconsHasNoQoe() {
        JsonNode qoe = api.get(assetPath(assetB), keyB).json().path("qoe");
        assertThat(qoe.path("views").asLong()).isZero();
        assertThat(qoe.path("startup_ms_p50").isNull()).isTrue();
        assertThat(qoe.path("rebuffer_ratio").isNull()).isTrue();
    }

    @Test
    void hostileBeaconsAreRefusedWithACodeAndStoreNothing() {
        UUID asset = newAsset(accountA);
        String token = token(asset);
        UUID view = UUID.randomUUID();
        String good = Beacons.body(asset, token, view, 0, 100, 0, 0, 0);
        Map<String, String> invalidJson =
                Map.ofEntries(
                        Map.entry("not json", "{"),
                        Map.entry("an array", "[1]"),
                        Map.entry("a string", "\"x\""),
                        Map.entry("an unknown field", good.replace("{", "{\"ip\":\"1.2.3.4\",")),
                        Map.entry("no token", good.replace("\"token\"", "\"tokn\"")),
                        Map.entry("a bad uuid", good.replace(view.toString(), "not-a-uuid")),
                        Map.entry(
                                "a negative watch",
                                good.replace("\"watch_ms\":0", "\"watch_ms\":-5")),
                        Map.entry("a huge count", good.replace("\"seq\":0", "\"seq\":99999999999")),
                        Map.entry("a fraction", good.replace("\"seq\":0", "\"seq\":0.5")),
                        Map.entry("a number as text", good.replace("\"seq\":0", "\"seq\":\"0\"")),
                        Map.entry(
                                "free text as an error",
                                good.replace(
                                        "}", ",\"fatal_error\":\"<script>alert(1)</script>\"}")),
                        Map.entry(
                                "a long player",
                                good.replace("}", ",\"player\":\"" + "p".repeat(65) + "\"}")));
        invalidJson.forEach(
                (what, body) -> {
                    Response answer = beacon(body);
                    assertThat(answer.status()).as(what).isEqualTo(400);
                    assertThat(answer.errorCode()).as(what).isEqualTo("invalid_json");
                });
        assertThat(beacon("").errorCode()).isEqualTo("empty_body");
        Response large = beacon(good.replace("}", ",\"player\":\"" + "x".repeat(5000) + "\"}"));
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.errorCode()).isEqualTo("beacon_too_large");
        for (String type : List.of("application/xml", "not a type", "video/mp4")) {
            Response other = api.send(Beacons.post(api, good, type));
            assertThat(other.status()).as(type).isEqualTo(415);
            assertThat(other.errorCode()).as(type).isEqualTo("unsupported_content_type");
        }
        Map<String, String> forged =
                Map.of(
                        "a forged token",
                                Beacons.body(asset, Beacons.forged(asset), view, 0, 1, 0, 0, 0),
                        "another asset's token",
                                Beacons.body(asset, token(assetA), view, 0, 1, 0, 0, 0),
                        "a token expired two hours ago",
                                Beacons.body(
                                        asset, Beacons.expired(asset, 7200), view, 0, 1, 0, 0, 0),
                        "garbage", Beacons.body(asset, "k.1.x", view, 0, 1, 0, 0, 0));
        forged.forEach(
                (what, body) -> {
                    Response answer = beacon(body);
                    assertThat(answer.status()).as(what).isEqualTo(403);
                    assertThat(answer.errorCode()).as(what).isEqualTo("token_invalid");
                });
        // A token expired minutes ago still carries a view's last beacon.
        UUID late = UUID.randomUUID();
        assertThat(
                        beacon(
                                        Beacons.body(
                                                asset,
                                                Beacons.expired(asset, 600),
                                                late,
                                                3,
                                                250,
                                                0,
                                                0,
                                                0))
                                .status())
                .isEqualTo(204);
        JsonNode qoe = awaitQoe(asset, 1);
        assertThat(qoe.path("startup_ms_p50").asLong()).isEqualTo(250);
    }

    @Test
    void aTokensBeaconsAreBudgetedAndTheRefusalSaysWhenToRetry() {
        UUID asset = newAsset(accountA);
        String token = token(asset);
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < BEACONS_PER_TOKEN + 5; i++) {
            Response answer = beacon(Beacons.body(asset, token, UUID.randomUUID(), 0, 1, 0, 0, 0));
            statuses.add(answer.status());
            if (answer.status() == 429) {
                refused = answer;
            }
        }
        assertThat(statuses.subList(0, BEACONS_PER_TOKEN)).containsOnly(204);
        // The bucket refills one beacon every 60 / BEACONS_PER_TOKEN seconds: on a slow machine one
        // of the five may have refilled.
        assertThat(statuses.subList(BEACONS_PER_TOKEN, statuses.size()))
                .filteredOn(status -> status == 429)
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(refused.errorCode()).isEqualTo("rate_limited");
        assertThat(refused.raw().headers().firstValue("retry-after")).isPresent();
        // Another token, from the same client, is not held back by it.
        UUID other = newAsset(accountA);
        assertThat(
                        beacon(Beacons.body(other, token(other), UUID.randomUUID(), 0, 1, 0, 0, 0))
                                .status())
                .isEqualTo(204);
    }

    @Test
    void anyOriginMayPostBeaconsAndItsPreflightIsAnswered() {
        UUID asset = newAsset(accountA);
        Response simple =
                api.send(
                        Beacons.post(
                                api,
                                Beacons.body(asset, token(asset), UUID.randomUUID(), 0, 5, 0, 0, 0),
                                "text/plain;charset=UTF-8"));
        assertThat(simple.status()).isEqualTo(204);
        assertThat(simple.raw().headers().firstValue("access-control-allow-origin")).hasValue("*");
        Response preflight = api.send(Beacons.preflight(api));
        assertThat(preflight.status()).isBetween(200, 204);
        assertThat(preflight.raw().headers().firstValue("access-control-allow-origin"))
                .hasValue("*");
        assertThat(preflight.raw().headers().firstValue("access-control-allow-methods"))
                .hasValueSatisfying(methods -> assertThat(methods).contains("POST"));
    }

    @Test
    void onlyTheBeaconPathInItsOneSpellingIsKeyless() {
        UUID asset = newAsset(accountA);
        String body = Beacons.body(asset, token(asset), UUID.randomUUID(), 0, 5, 0, 0, 0);
        for (String path :
                List.of(
                        "/v1/playback/beacons/",
                        "/v1/playback//beacons",
                        "/v1/playback/%62eacons",
                        "/v1/playback/beacons;x=1",
                        "/v1/playback/beacons/../../assets",
                        "/v1/playback/./beacons")) {
            Response answer =
                    api.send(
                            HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                                    .header("content-type", "text/plain")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build());
            assertThat(answer.status()).as(path).isIn(400, 401, 404);
            assertThat(answer.errorCode())
                    .as(path)
                    .isIn("invalid_path", "unauthorized", "not_found");
        }
    }

    private Response beacon(String body) {
        return api.send(Beacons.post(api, body, "text/plain;charset=UTF-8"));
    }

    private JsonNode awaitQoe(UUID asset, long views) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode qoe = api.get(assetPath(asset), keyA).json().path("qoe");
            if (qoe.path("views").asLong() >= views || System.nanoTime() > deadline) {
                assertThat(qoe.path("views").asLong()).as(qoe.toString()).isEqualTo(views);
                return qoe;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String token(UUID asset) {
        return Beacons.token(asset);
    }

    static String assetPath(UUID asset) {
        return "/v1/assets/" + asset + "/analytics/playback";
    }

    static String window(String granularity) {
        return "?from="
                + BASE
                + "&to="
                + BASE.plus(1, ChronoUnit.HOURS)
                + (granularity == null ? "" : "&granularity=" + granularity);
    }

    private UUID newAsset(UUID account) {
        return AnalyticsFixtures.newAsset(
                api, account, BASE.minus(1, ChronoUnit.DAYS), "hls_ready");
    }

    /** Six requests of asset A, one of B, one forged (no asset proven), one outside the window. */
    private String batch() {
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

    private void insert(String rows) {
        store.insert(rows);
    }
}
