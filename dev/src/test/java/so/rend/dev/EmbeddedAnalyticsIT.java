package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.clickhouse.testing.ClickHouseBinary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded mode's analytics end to end, once with its own ClickHouse (the machine's
 * clickhouse-server, started by the embedded mode itself) and once with the embedded DuckDB store a
 * machine without ClickHouse gets: real uploads, the worker's encode, real requests through the
 * edge, its telemetry shipped to the store, and the API's analytics and usage meters read back.
 */
class EmbeddedAnalyticsIT {

    private static final String KEY = "dev-api-key";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void withItsOwnClickHouseEdgeRequestsBecomeAnalyticsAndMinutes(@TempDir Path data)
            throws Exception {
        ClickHouseBinary.serverCommand().orElseGet(ClickHouseBinary::skipOrFail);
        edgeRequestsBecomeAnalyticsAndDeliveredMinutesAndStorageStopsAtDelete(data, "auto");
        assertThat(ServiceProperties.analyticsFile(data.resolve("rend"))).doesNotExist();
    }

    @Test
    void withoutClickHouseTheEmbeddedDuckDbStoreGivesTheSameAnswers(@TempDir Path data)
            throws Exception {
        edgeRequestsBecomeAnalyticsAndDeliveredMinutesAndStorageStopsAtDelete(
                data, DevSettings.CLICKHOUSE_OFF);
        assertThat(ServiceProperties.analyticsFile(data.resolve("rend"))).isNotEmptyFile();
    }

    private static void edgeRequestsBecomeAnalyticsAndDeliveredMinutesAndStorageStopsAtDelete(
            Path data, String clickhouse) throws Exception {
        Path fixture = DevFixtures.video(data.resolve("fixture.mp4"), "640x360", 30);
        try (RendDev rend =
                RendDev.start(DevSettings.onFreePorts(data.resolve("rend"), KEY, clickhouse))) {
            String asset =
                    json(api(rend, "POST", "/v1/videos", fixture)).path("asset_id").asString();
            awaitJson(
                    rend,
                    "/v1/assets/" + asset,
                    a -> "hls_ready".equals(a.path("playable_state").asString()));
            URI master =
                    URI.create(
                            json(api(rend, "GET", "/v1/assets/" + asset + "/playback", null))
                                    .path("manifest_url")
                                    .asString());
            List<String> variants = uris(fetch(master).body());
            assertThat(variants).as("240p and 360p").hasSize(2);
            fetch(master);
            URI playlist = master.resolve(variants.get(0));
            List<String> segments = uris(fetch(playlist).body());
            assertThat(segments).hasSizeGreaterThanOrEqualTo(15);
            for (String segment : segments) {
                assertThat(fetch(playlist.resolve(segment)).statusCode()).isEqualTo(200);
            }
            fetch(playlist.resolve(segments.get(0)));
            fetch(playlist.resolve(segments.get(0)));
            URI forged =
                    URI.create(master.toString().replaceFirst("/p/[^/]+/", "/p/forged-token/"));
            assertThat(fetch(forged).statusCode()).isIn(400, 401, 403, 404);
            int requests = 2 + 1 + segments.size() + 2;

            // Every request the edge answered for the asset, counted once, and 30 s delivered.
            JsonNode analytics =
                    awaitJson(
                            rend,
                            "/v1/assets/" + asset + "/analytics/playback",
                            a -> a.path("requests").asLong() >= requests);
            assertThat(analytics.path("requests").asLong()).isEqualTo(requests);
            assertThat(analytics.path("by_status_code").path("200").asLong()).isEqualTo(requests);
            JsonNode usage = usage(rend, asset);
            double oneRendition = 30.0 / 60 + 2 * segmentMinutes(segments.size());
            assertThat(usage.path("delivered_minutes").asDouble())
                    .isCloseTo(oneRendition, within(2.0 / 60));
            assertThat(usage.path("stored_minutes").asDouble()).isCloseTo(0.5, within(0.01));

            // A second rendition adds its own minutes.
            URI second = master.resolve(variants.get(1));
            for (String segment : uris(fetch(second).body())) {
                assertThat(fetch(second.resolve(segment)).statusCode()).isEqualTo(200);
            }
            JsonNode both =
                    awaitJson(
                            rend,
                            "/v1/usage?asset_id=" + asset,
                            // Until every segment's event is in (they arrive in batches).
                            u ->
                                    Math.abs(
                                                    u.path("delivered_minutes").asDouble()
                                                            - (oneRendition + 0.5))
                                            <= 2.0 / 60);
            assertThat(both.path("delivered_minutes").asDouble())
                    .isCloseTo(oneRendition + 0.5, within(2.0 / 60));

            // Storage grows while kept and stops at the delete.
            double before = usage(rend, asset).path("stored_minute_hours").asDouble();
            Thread.sleep(1500);
            double later = usage(rend, asset).path("stored_minute_hours").asDouble();
            assertThat(later).isGreaterThan(before);
            assertThat(api(rend, "DELETE", "/v1/assets/" + asset, null).statusCode())
                    .isEqualTo(200);
            // Windows end at whole seconds: let the next one begin after the delete.
            Thread.sleep(1100);
            double atDelete = usage(rend, asset).path("stored_minute_hours").asDouble();
            Thread.sleep(1500);
            JsonNode afterDelete = usage(rend, asset);
            assertThat(afterDelete.path("stored_minute_hours").asDouble()).isEqualTo(atDelete);
            assertThat(afterDelete.path("stored_minutes").asDouble()).isZero();
        }
    }

    private static double segmentMinutes(int segments) {
        return 30.0 / segments / 60;
    }

    private static JsonNode usage(RendDev rend, String asset) throws Exception {
        HttpResponse<String> answer = api(rend, "GET", "/v1/usage?asset_id=" + asset, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private static JsonNode awaitJson(RendDev rend, String path, Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = api(rend, "GET", path, null);
            if (answer.statusCode() == 200) {
                last = json(answer);
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never reached the state; last: " + last);
    }

    private static HttpResponse<String> api(RendDev rend, String method, String path, Path body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(rend.apiUrl().resolve(path))
                        .header("authorization", "Bearer " + KEY);
        if (body != null) {
            request.header("content-type", "video/mp4")
                    .POST(HttpRequest.BodyPublishers.ofFile(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> fetch(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> uris(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static JsonNode json(HttpResponse<String> answer) {
        return JSON.readTree(answer.body());
    }
}
