package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * Asset metadata over real HTTP on a real PostgreSQL and S3Proxy: set at upload by header, changed
 * by PATCH, echoed by GET, list and every lifecycle event (polled and SSE), filtered on with
 * cursors of their own, and refused with {@code invalid_parameter} when out of bounds.
 */
class AssetMetadataIT {

    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void metadataRoundTripsThroughUploadPatchGetListAndEventPayloads() throws Exception {
        String key = api.newAccountKey();
        Response created =
                upload(
                        key,
                        "{\"title\":\"Caf\\u00e9 \\ud83c\\udfac\",\"external_id\":\"vid-1\","
                                + "\"creator_id\":\"user-9\",\"passthrough\":\"{\\\"k\\\":1}\","
                                + "\"tags\":[\"cooking\",\"paris\",\"cooking\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode upload = created.json();
        String asset = upload.path("asset_id").asString();
        assertThat(upload.path("title").asString()).isEqualTo("Café 🎬");
        assertThat(upload.path("passthrough").asString()).isEqualTo("{\"k\":1}");
        assertThat(upload.path("tags").toString()).isEqualTo("[\"cooking\",\"paris\"]");

        JsonNode got = api.get("/v1/assets/" + asset, key).json();
        assertThat(got.path("external_id").asString()).isEqualTo("vid-1");
        assertThat(got.path("creator_id").asString()).isEqualTo("user-9");

        Response patched =
                patch(
                        asset,
                        key,
                        "{\"title\":\"Renamed\",\"external_id\":null,\"tags\":[\"paris\"]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode after = api.get("/v1/assets/" + asset, key).json();
        assertThat(after.path("title").asString()).isEqualTo("Renamed");
        assertThat(after.path("external_id").isNull()).isTrue();
        assertThat(after.path("creator_id").asString()).isEqualTo("user-9");
        assertThat(after.path("passthrough").asString()).isEqualTo("{\"k\":1}");
        assertThat(after.path("tags").toString()).isEqualTo("[\"paris\"]");
        assertThat(after).isEqualTo(patched.json());
        assertThat(api.get("/v1/assets", key).json().path("data").get(0)).isEqualTo(after);

        JsonNode events = api.get("/v1/assets/" + asset + "/events", key).json().path("data");
        assertThat(events.get(0).path("event_type").asString()).isEqualTo("asset.created");
        JsonNode createdMeta = events.get(0).path("payload").path("metadata");
        assertThat(createdMeta.path("external_id").asString()).isEqualTo("vid-1");
        assertThat(createdMeta.path("title").asString()).isEqualTo("Café 🎬");
        JsonNode updated = events.get(1);
        assertThat(updated.path("event_type").asString()).isEqualTo("asset.updated");
        assertThat(updated.path("payload").path("updated_fields").toString())
                .isEqualTo("[\"title\",\"external_id\",\"tags\"]");
        assertThat(updated.path("payload").path("metadata").path("title").asString())
                .isEqualTo("Renamed");
        assertThat(updated.path("payload").path("metadata").path("external_id").isNull()).isTrue();

        JsonNode sse = sseFrame(key, asset, "asset.updated");
        assertThat(sse.path("payload").path("metadata"))
                .isEqualTo(updated.path("payload").path("metadata"));

        // The delete's own event carries the metadata too: a receiver can tell whose video it was.
        api.send(api.request("/v1/assets/" + asset, key).DELETE().build());
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.asset_events WHERE asset_id = '"
                                        + asset
                                        + "' AND event_type = 'asset.deleted'"
                                        + " AND payload->'metadata'->>'creator_id' = 'user-9'"))
                .isEqualTo(1);
    }

    @Test
    void listFiltersCombineAndEachFilteredListHasItsOwnCursors() {
        String key = api.newAccountKey();
        String a =
                assetId(
                        upload(
                                key,
                                "{\"external_id\":\"e-a\",\"creator_id\":\"c1\",\"tags\":[\"x\",\"y\"]}"));
        String b = assetId(upload(key, "{\"creator_id\":\"c1\",\"tags\":[\"x\"]}"));
        String c = assetId(upload(key, "{\"creator_id\":\"c2\",\"tags\":[\"y\"]}"));
        String d = assetId(upload(key, "{}"));
        api.db()
                .sql("UPDATE rend.assets SET playable_state = 'hls_ready' WHERE id = :id")
                .bind("id", UUID.fromString(c))
                .then()
                .block();

        assertThat(ids(key, "external_id=e-a")).containsExactly(a);
        assertThat(ids(key, "creator_id=c1")).containsExactly(b, a);
        assertThat(ids(key, "tag=x")).containsExactly(b, a);
        assertThat(ids(key, "tag=x&tag=y")).containsExactly(a);
        assertThat(ids(key, "tag=y&creator_id=c2")).containsExactly(c);
        assertThat(ids(key, "playable_state=hls_ready")).containsExactly(c);
        assertThat(ids(key, "playable_state=not_playable")).containsExactly(d, b, a);
        String bCreated = api.get("/v1/assets/" + b, key).json().path("created_at").asString();
        assertThat(ids(key, "created_after=" + bCreated)).containsExactly(d, c);
        assertThat(ids(key, "external_id=" + enc("x' OR '1'='1"))).isEmpty();
        assertThat(ids(api.newAccountKey(), "creator_id=c1")).isEmpty();

        // Page through one filtered list a row at a time.
        JsonNode first = api.get("/v1/assets?limit=1&creator_id=c1", key).json();
        String cursor = first.path("next_cursor").asString();
        JsonNode second = api.get("/v1/assets?limit=1&creator_id=c1&cursor=" + cursor, key).json();
        assertThat(second.path("data").get(0).path("asset_id").asString()).isEqualTo(a);
        assertThat(second.path("next_cursor").isNull()).isTrue();
        // The same cursor in another list, or in the unfiltered one, is refused.
        for (String other : List.of("creator_id=c2", "tag=x", "")) {
            Response refused = api.get("/v1/assets?limit=1&cursor=" + cursor + "&" + other, key);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("invalid_cursor");
        }
        String unfiltered =
                api.get("/v1/assets?limit=1", key).json().path("next_cursor").asString();
        assertThat(api.get("/v1/assets?cursor=" + unfiltered + "&tag=x", key).errorCode())
                .isEqualTo("invalid_cursor");
        assertThat(api.get("/v1/assets?cursor=" + unfiltered, key).status()).isEqualTo(200);
    }

    @Test
    void outOfBoundsValuesAreRefusedWithInvalidParameterAndLeaveNothingBehind() {
        String key = api.newAccountKey();
        assertError(
                upload(key, "{\"title\":\"" + "x".repeat(513) + "\"}"), 400, "invalid_parameter");
        assertError(upload(key, "{\"tags\":[\"a\\u0000\"]}"), 400, "invalid_parameter");
        assertError(upload(key, "{\"titel\":\"typo\"}"), 400, "invalid_parameter");
        assertError(upload(key, "not json"), 400, "invalid_json");
        assertThat(api.get("/v1/assets", key).json().path("data")).isEmpty();

        String asset = assetId(upload(key, "{\"title\":\"ok\"}"));
        assertError(
                patch(asset, key, "{\"external_id\":\"" + "x".repeat(129) + "\"}"),
                400,
                "invalid_parameter");
        assertError(
                patch(asset, key, "{\"passthrough\":\"" + "x".repeat(256) + "\"}"),
                400,
                "invalid_parameter");
        assertError(patch(asset, key, "{\"title\":\"bell\\u0007\"}"), 400, "invalid_parameter");
        assertError(
                patch(asset, key, "{\"tags\":[" + "\"t\",".repeat(20) + "\"u\"]}"),
                400,
                "invalid_parameter");
        assertError(patch(asset, key, "{\"title\":\"a\",\"title\":\"b\"}"), 400, "invalid_json");
        assertError(patch(asset, key, ""), 400, "empty_body");
        assertError(
                patch(asset, key, "{\"passthrough\":\"" + "x".repeat(70_000) + "\"}"),
                400,
                "invalid_json");
        assertError(
                api.send(
                        api.request("/v1/assets/" + asset, key)
                                .header("content-type", "text/plain")
                                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))
                                .build()),
                415,
                "unsupported_content_type");
        assertError(
                api.get("/v1/assets?external_id=" + "x".repeat(129), key),
                400,
                "invalid_parameter");
        assertError(api.get("/v1/assets?tag=" + enc("a\u001b"), key), 400, "invalid_parameter");
        assertError(api.get("/v1/assets?playable_state=ready", key), 400, "invalid_parameter");
        assertError(api.get("/v1/assets?created_after=yesterday", key), 400, "invalid_parameter");
        assertThat(api.get("/v1/assets/" + asset, key).json().path("title").asString())
                .isEqualTo("ok");
        assertThat(events(asset, "asset.updated")).isZero();

        // A header far past the server's header limit is refused by HTTP itself, in our shape.
        Response huge = upload(key, "{\"title\":\"" + "x".repeat(20_000) + "\"}");
        assertThat(huge.status()).isBetween(400, 431);
    }

    @Test
    void aListQueryAtTheSpecsBoundsIsAnsweredNotRefusedByTheRequestLineLimit() {
        String key = api.newAccountKey();
        // 20 tags of 64 four-byte characters, with the longest external_id and creator_id: every
        // value in bounds, the request line ~17 KB once percent-encoded.
        String wide = new String(Character.toChars(0x1F600));
        StringBuilder query = new StringBuilder("/v1/assets?limit=100");
        for (int i = 0; i < AssetMetadata.MAX_TAGS; i++) {
            query.append("&tag=")
                    .append(enc(String.format(Locale.ROOT, "%02d", i) + wide.repeat(62)));
        }
        query.append("&external_id=").append(enc(wide.repeat(128)));
        query.append("&creator_id=").append(enc(wide.repeat(128)));
        assertThat(query.length()).isGreaterThan(16_000);
        Response response = api.get(query.toString(), key);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("data")).isEmpty();
    }

    @Test
    void patchIsScopedToTheAccountAndRefusedOnceDeleted() {
        String key = api.newAccountKey();
        String asset = assetId(upload(key, "{}"));
        assertError(
                patch(asset, api.newAccountKey(), "{\"title\":\"mine\"}"), 404, "asset_not_found");
        assertError(patch(UUID.randomUUID().toString(), key, "{}"), 404, "asset_not_found");
        assertThat(patch(asset, null, "{}").status()).isEqualTo(401);
        assertThat(patch(asset, key, "{}").status()).isEqualTo(200);
        assertThat(events(asset, "asset.updated")).isZero();

        // A tag with a comma is one tag, in a filter as in the asset.
        assertThat(patch(asset, key, "{\"tags\":[\"a,b\"]}").status()).isEqualTo(200);
        assertThat(ids(key, "tag=" + enc("a,b"))).containsExactly(asset);
        assertThat(ids(key, "tag=a")).isEmpty();

        api.send(api.request("/v1/assets/" + asset, key).DELETE().build());
        assertError(patch(asset, key, "{\"title\":\"late\"}"), 404, "asset_not_found");
        assertError(patch(asset, key, "{}"), 404, "asset_not_found");
        assertThat(api.get("/v1/assets/" + asset, key).json().path("title").isNull()).isTrue();
    }

    @Test
    void concurrentPatchesOfDifferentFieldsAllLandAndEachIsOneEvent() throws Exception {
        String key = api.newAccountKey();
        String asset = assetId(upload(key, "{}"));
        int patches = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < patches; i++) {
                String body =
                        i % 2 == 0
                                ? "{\"title\":\"t" + i + "\"}"
                                : "{\"passthrough\":\"p" + i + "\"}";
                answers.add(pool.submit(() -> patch(asset, key, body)));
            }
            for (Future<Response> answer : answers) {
                assertThat(answer.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode after = api.get("/v1/assets/" + asset, key).json();
        assertThat(after.path("title").asString()).matches("t\\d+");
        assertThat(after.path("passthrough").asString()).matches("p\\d+");
        assertThat(events(asset, "asset.updated")).isEqualTo(patches);
        // The last event in the log describes the asset as it is now.
        JsonNode last =
                api.get("/v1/assets/" + asset + "/events?limit=500", key).json().path("data");
        JsonNode lastMeta = last.get(last.size() - 1).path("payload").path("metadata");
        assertThat(lastMeta.path("title").asString()).isEqualTo(after.path("title").asString());
        assertThat(lastMeta.path("passthrough").asString())
                .isEqualTo(after.path("passthrough").asString());
    }

    static Response upload(String key, String metadataHeader) {
        return api.send(
                api.request("/v1/videos", key)
                        .header("content-type", "video/mp4")
                        .header("x-rend-metadata", metadataHeader)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(UploadApiIT.mp4Like(2000)))
                        .build());
    }

    static Response patch(String asset, String key, String body) {
        return api.send(
                api.request("/v1/assets/" + asset, key)
                        .header("content-type", "application/merge-patch+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private static String assetId(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("asset_id").asString();
    }

    private static List<String> ids(String key, String query) {
        Response page = api.get("/v1/assets?" + query, key);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path("data").forEach(a -> ids.add(a.path("asset_id").asString()));
        return ids;
    }

    private static long events(String asset, String type) {
        return api.count(
                "SELECT count(*) FROM rend.asset_events WHERE asset_id = '"
                        + asset
                        + "' AND event_type = '"
                        + type
                        + "'");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
    }

    /** The data of the asset's first SSE frame of {@code type}, replayed from the start. */
    private static JsonNode sseFrame(String key, String asset, String type) throws Exception {
        HttpRequest request =
                api.request("/v1/events?asset_id=" + asset, key)
                        .header("accept", "text/event-stream")
                        .header("last-event-id", "0")
                        .GET()
                        .build();
        HttpResponse<Stream<String>> response =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()
                        .send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            return CompletableFuture.supplyAsync(
                            () -> {
                                String event = null;
                                for (String line : (Iterable<String>) lines::iterator) {
                                    if (line.startsWith("event:")) {
                                        event = line.substring(6).trim();
                                    } else if (line.startsWith("data:") && type.equals(event)) {
                                        return ApiTestEnvironment.JSON.readTree(line.substring(5));
                                    }
                                }
                                return null;
                            })
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
