package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * {@code GET /v1/usage} on each analytics store ({@link StoreUnderTest}) and embedded PostgreSQL:
 * media times as the worker records them ({@code rend.artifact_media}), events as the edge writes
 * them, inserted twice as a spool replay would. UsageTally's arithmetic, end to end: a 30 s asset's
 * one rendition fetched once is half a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UsageMetersContract {
    private static final Instant BASE =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    private static final int SEGMENTS = 15;

    private StoreUnderTest store;
    private RunningApi api;
    private String keyA;
    private String keyB;

    /** 30 s, kept: two renditions of 15 two-second segments and a 2 s opener. */
    private UUID kept;

    /** 60 s, deleted half an hour into the window. */
    private UUID deleted;

    /** The store this run's API reads. */
    abstract StoreUnderTest store();

    @BeforeAll
    void start() {
        store = store();
        api = ApiTestEnvironment.start(store.apiEnvironment());
        ApiKeys keys = api.context().getBean(ApiKeys.class);
        ApiKeys.NewAccount a = keys.createAccount("a").block();
        keyA = a.apiKey();
        keyB = keys.createAccount("b").block().apiKey();
        Instant dayBefore = BASE.minus(1, ChronoUnit.DAYS);
        kept = AnalyticsFixtures.newAsset(api, a.accountId(), dayBefore, "hls_ready");
        deleted = AnalyticsFixtures.newAsset(api, a.accountId(), dayBefore, "not_playable");
        UUID failed = AnalyticsFixtures.newAsset(api, a.accountId(), dayBefore, "failed");
        sql("UPDATE rend.assets SET duration_ms = 30000 WHERE id = '" + kept + "'");
        sql(
                "UPDATE rend.assets SET duration_ms = 60000, deleted_at = '"
                        + BASE.plus(30, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC)
                        + "' WHERE id = '"
                        + deleted
                        + "'");
        sql("UPDATE rend.assets SET duration_ms = 90000 WHERE id = '" + failed + "'");
        media(kept, "opener.mp4", 1000, 2000);
        for (int i = 0; i < SEGMENTS; i++) {
            media(kept, segment("240p", i), 500, 2000);
            media(kept, segment("360p", i), 1000, 2000);
        }
        String batch = batch();
        insert(batch);
        insert(batch);
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
    void deliveredMinutesAreTheMediaTimeOfWhatWasServedOnce() {
        JsonNode usage = usage("?asset_id=" + kept + "&" + window(1), keyA);
        // 240p whole (30 s) + half the bytes of one 360p segment (1 s) + the opener (2 s).
        assertThat(usage.path("delivered_minutes").asDouble()).isCloseTo(0.55, within(1e-6));
        assertThat(usage.path("assets").size()).isEqualTo(1);
        assertThat(usage.path("assets").get(0).path("asset_id").asString())
                .isEqualTo(kept.toString());
    }

    @Test
    void storedMinutesGrowWithTheWindowAndStopAtTheDelete() {
        JsonNode oneHour = usage("?" + window(1), keyA);
        JsonNode twoHours = usage("?" + window(2), keyA);
        // kept: 0.5 min x 1 h; deleted: 1 min x its first half hour; failed: not stored media.
        assertThat(oneHour.path("stored_minute_hours").asDouble()).isCloseTo(1.0, within(1e-6));
        assertThat(twoHours.path("stored_minute_hours").asDouble()).isCloseTo(1.5, within(1e-6));
        assertThat(asset(twoHours, deleted).path("stored_minute_hours").asDouble())
                .isCloseTo(0.5, within(1e-6));
        assertThat(twoHours.path("stored_minutes").asDouble()).isCloseTo(0.5, within(1e-6));
        assertThat(twoHours.path("delivered_minutes").asDouble()).isCloseTo(0.55, within(1e-6));
        assertThat(twoHours.path("assets").size()).isEqualTo(2);
        assertThat(twoHours.path("assets_truncated").asBoolean()).isFalse();
        JsonNode first = usage("?limit=1&" + window(2), keyA);
        assertThat(first.path("assets").size()).isEqualTo(1);
        assertThat(first.path("assets_truncated").asBoolean()).isTrue();
        assertThat(first.path("stored_minute_hours").asDouble()).isCloseTo(1.5, within(1e-6));
    }

    @Test
    void anotherAccountSeesNoneOfItAndCannotNameTheAsset() {
        JsonNode other = usage("?" + window(2), keyB);
        assertThat(other.path("delivered_minutes").asDouble()).isZero();
        assertThat(other.path("stored_minute_hours").asDouble()).isZero();
        assertThat(other.path("assets").size()).isZero();
        Response named = api.get("/v1/usage?asset_id=" + kept, keyB);
        assertThat(named.status()).isEqualTo(404);
        assertThat(named.errorCode()).isEqualTo("asset_not_found");
    }

    @Test
    void badParametersAreRefusedWithACode() {
        Map<String, String> bad =
                Map.of(
                        "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "invalid_window",
                        "?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "invalid_window",
                        "?to=tomorrow", "invalid_window",
                        "?asset_id=not-a-uuid", "invalid_parameter",
                        "?limit=0", "invalid_parameter",
                        "?limit=1001", "invalid_parameter");
        bad.forEach(
                (query, code) -> {
                    Response answer = api.get("/v1/usage" + query, keyA);
                    assertThat(answer.status()).as(query).isEqualTo(400);
                    assertThat(answer.errorCode()).as(query).isEqualTo(code);
                });
    }

    private JsonNode usage(String query, String key) {
        Response answer = api.get("/v1/usage" + query, key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private JsonNode asset(JsonNode usage, UUID id) {
        for (JsonNode asset : usage.path("assets")) {
            if (asset.path("asset_id").asString().equals(id.toString())) {
                return asset;
            }
        }
        throw new AssertionError(id + " is not in " + usage);
    }

    private String window(int hours) {
        return "from=" + BASE + "&to=" + BASE.plus(hours, ChronoUnit.HOURS);
    }

    private String segment(String rendition, int i) {
        return "hls/%s/segment_%05d.m4s".formatted(rendition, i);
    }

    /**
     * Every 240p segment once in full, half of one 360p segment (a range), the opener, and what
     * must not count: playlists, a refusal, a failed fill, a request before the window.
     */
    private String batch() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < SEGMENTS; i++) {
            rows.add(event(kept, 60 + i, segment("240p", i), 200, 500));
        }
        rows.add(event(kept, 100, segment("360p", 3), 206, 500));
        rows.add(event(kept, 110, "opener.mp4", 200, 1000));
        rows.add(event(kept, 50, "hls/master.m3u8", 200, 800));
        rows.add(event(kept, 55, "hls/240p/index.m3u8", 200, 900));
        rows.add(event(kept, 120, segment("360p", 4), 403, 0));
        rows.add(event(kept, 130, segment("360p", 5), 503, 0));
        rows.add(event(kept, -30, segment("360p", 6), 200, 1000));
        return String.join("\n", rows) + "\n";
    }

    private String event(UUID asset, long second, String path, int status, long bytes) {
        return AnalyticsFixtures.row(
                asset, BASE.plusSeconds(second), path, "eu-west", "HIT", status, bytes);
    }

    private void media(UUID asset, String path, long bytes, long millis) {
        sql(
                "INSERT INTO rend.artifact_media (asset_id, artifact_path, byte_size, media_ms)"
                        + " VALUES ('%s', '%s', %d, %d)".formatted(asset, path, bytes, millis));
    }

    private void sql(String statement) {
        api.db().sql(statement).then().block();
    }

    private void insert(String rows) {
        store.insert(rows);
    }
}
