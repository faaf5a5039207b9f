package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.api.auth.ApiKeys;
import so.rend.objectstore.ObjectInfo;
import tools.jackson.databind.JsonNode;

/**
 * The upload and assets API over real HTTP, on a real PostgreSQL and a real S3 wire-protocol server
 * (S3Proxy).
 */
class UploadApiIT {

    private static final String DEV_KEY = "dev-api-key";
    private static final long LIMIT = 12 * 1024 * 1024;
    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = ApiTestEnvironment.start(Map.of("REND_MAX_UPLOAD_BYTES", Long.toString(LIMIT)));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void uploadAnswersHonestlyAndStoresTheExactBytesWithItsRowsInOneGo() throws Exception {
        byte[] video = mp4Like(300_000);

        Response response = upload(DEV_KEY, "video/mp4", video);

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        String assetId = body.path("asset_id").asString();
        assertThat(UUID.fromString(assetId)).isNotNull();
        assertThat(body.path("source_object_key").asString())
                .isEqualTo("sources/" + assetId + "/source");
        assertThat(body.path("source_state").asString()).isEqualTo("uploaded");
        assertThat(body.path("playable_state").asString()).isEqualTo("not_playable");
        assertThat(body.path("source_byte_size").asLong()).isEqualTo(video.length);
        assertThat(body.path("media_job").path("state").asString()).isEqualTo("queued");
        assertThat(body.path("links").path("self").asString()).isEqualTo("/v1/assets/" + assetId);
        assertThat(body.toString()).doesNotContain("playback_url").doesNotContain("/p/");
        assertThat(response.raw().headers().firstValue("location"))
                .contains("/v1/assets/" + assetId);

        Response asset = api.get("/v1/assets/" + assetId, DEV_KEY);
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.json().path("asset_id").asString()).isEqualTo(assetId);
        assertThat(asset.json().path("source_content_type").asString()).isEqualTo("video/mp4");
        assertThat(asset.json().path("playable_state").asString()).isEqualTo("not_playable");

        ObjectInfo stored =
                ApiTestEnvironment.store().head("sources/" + assetId + "/source").block();
        assertThat(stored.byteSize()).isEqualTo(video.length);
        assertThat(sha256(read("sources/" + assetId + "/source"))).isEqualTo(sha256(video));

        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.media_jobs WHERE asset_id = '"
                                        + assetId
                                        + "' AND state = 'queued' AND kind = 'process_asset'"))
                .isEqualTo(1);
        assertThat(
                        api.count(
                                "SELECT count(*) FROM rend.artifacts WHERE asset_id = '"
                                        + assetId
                                        + "' AND kind = 'source' AND byte_size = "
                                        + video.length))
                .isEqualTo(1);
        Response events = api.get("/v1/assets/" + assetId + "/events", DEV_KEY);
        assertThat(events.json().path("data")).hasSize(1);
        JsonNode created = events.json().path("data").get(0);
        assertThat(created.path("event_type").asString()).isEqualTo("asset.created");
        assertThat(created.path("payload").path("source_byte_size").asLong())
                .isEqualTo(video.length);
        long next = events.json().path("next_after_sequence").asLong();
        assertThat(next).isEqualTo(created.path("sequence").asLong());
        assertThat(
                        api.get("/v1/assets/" + assetId + "/events?after_sequence=" + next, DEV_KEY)
                                .json()
                                .path("data"))
                .isEmpty();
    }

    @Test
    void aChunkedBodyOfUnknownLengthLargerThanOnePartIsStoredWhole() throws Exception {
        byte[] video = mp4Like(10 * 1024 * 1024 + 777);
        HttpRequest request =
                api.request("/v1/videos", DEV_KEY)
                        .header("content-type", "video/quicktime")
                        .POST(
                                HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new ByteArrayInputStream(video)))
                        .build();

        Response response = api.send(request);

        assertThat(response.status()).isEqualTo(201);
        String key = response.json().path("source_object_key").asString();
        assertThat(response.json().path("source_byte_size").asLong()).isEqualTo(video.length);
        assertThat(sha256(read(key))).isEqualTo(sha256(video));
    }

    @Test
    void eachBadInputGetsItsStatusAndCodeAndLeavesNothingBehind() {
        Snapshot before = snapshot();
        byte[] video = mp4Like(1000);

        assertError(
                api.send(
                        api.request("/v1/videos", null)
                                .header("content-type", "video/mp4")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(video))
                                .build()),
                401,
                "unauthorized");
        assertError(upload("not-a-key", "video/mp4", video), 401, "unauthorized");
        assertError(upload(DEV_KEY, "text/plain", video), 415, "unsupported_content_type");
        // application/json is the ingest-from-URL body now: video bytes are no such JSON.
        assertError(upload(DEV_KEY, "application/json", video), 400, "invalid_json");
        assertError(upload(DEV_KEY, "video/*", video), 415, "unsupported_content_type");
        assertError(
                api.send(
                        api.request("/v1/videos", DEV_KEY)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(video))
                                .build()),
                415,
                "unsupported_content_type");
        assertError(upload(DEV_KEY, "video/mp4", new byte[0]), 400, "empty_body");
        assertError(
                api.send(
                        api.request("/v1/videos", DEV_KEY)
                                .header("content-type", "video/mp4")
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new ByteArrayInputStream(new byte[0])))
                                .build()),
                400,
                "empty_body");
        assertError(
                upload(
                        DEV_KEY,
                        "video/mp4",
                        "{\"hello\": \"this is json\"}".getBytes(StandardCharsets.UTF_8)),
                422,
                "not_a_video");
        assertError(
                upload(DEV_KEY, "video/mp4", mp4Like((int) LIMIT + 1)), 413, "upload_too_large");
        byte[] tooLarge = mp4Like((int) LIMIT + 5);
        assertError(
                api.send(
                        api.request("/v1/videos", DEV_KEY)
                                .header("content-type", "video/mp4")
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new ByteArrayInputStream(tooLarge)))
                                .build()),
                413,
                "upload_too_large");

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aClientThatDisconnectsMidUploadLeavesNoRowsNoObjectAndNoPendingMultipartUpload()
            throws Exception {
        Snapshot before = snapshot();
        byte[] firstPart = mp4Like(9 * 1024 * 1024);
        try (Socket socket = new Socket("127.0.0.1", api.baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                    + DEV_KEY
                                    + "\r\nContent-Type: video/mp4\r\nContent-Length: "
                                    + (LIMIT - 10)
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(firstPart);
            out.flush();
            // Long enough for the first 8 MiB part to reach the store as a multipart upload.
            waitFor(
                    () ->
                            !ApiTestEnvironment.store()
                                    .pendingMultipartUploads("sources/")
                                    .collectList()
                                    .block()
                                    .isEmpty(),
                    Duration.ofSeconds(20));
        }

        waitFor(
                () ->
                        ApiTestEnvironment.store()
                                .pendingMultipartUploads("sources/")
                                .collectList()
                                .block()
                                .isEmpty(),
                Duration.ofSeconds(20));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anotherAccountsAssetIsNotFoundAndNeverListed() {
        String otherKey = api.newAccountKey();
        String assetId =
                upload(DEV_KEY, "video/mp4", mp4Like(2000)).json().path("asset_id").asString();

        Response asOther = api.get("/v1/assets/" + assetId, otherKey);
        assertError(asOther, 404, "asset_not_found");
        assertError(api.get("/v1/assets/" + assetId + "/events", otherKey), 404, "asset_not_found");
        assertThat(api.get("/v1/assets", otherKey).json().path("data")).isEmpty();
        assertError(api.get("/v1/assets/" + UUID.randomUUID(), DEV_KEY), 404, "asset_not_found");
        assertError(api.get("/v1/assets/not-a-uuid", DEV_KEY), 404, "asset_not_found");
    }

    @Test
    void keysAreStoredOnlyAsTheirSha256() {
        String key = api.newAccountKey();

        List<Map<String, Object>> rows =
                api.db().sql("SELECT * FROM rend.api_keys").fetch().all().collectList().block();
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            for (Object value : row.values()) {
                String text =
                        value instanceof ByteBuffer bytes
                                ? new String(bytes.array(), StandardCharsets.ISO_8859_1)
                                : String.valueOf(value);
                assertThat(text).doesNotContain(key).doesNotContain(DEV_KEY);
            }
        }
        assertThat(
                        api.db()
                                .sql("SELECT count(*) FROM rend.api_keys WHERE key_sha256 = :hash")
                                .bind("hash", ApiKeys.sha256(key))
                                .map(row -> row.get(0, Long.class))
                                .one()
                                .block())
                .isEqualTo(1);
        assertThat(api.get("/v1/assets", key).status()).isEqualTo(200);
    }

    @Test
    void listsAnAccountsAssetsNewestFirstPageByPage() {
        String key = api.newAccountKey();
        List<String> uploaded = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            uploaded.add(
                    0,
                    upload(key, "video/webm", webmLike(500 + i))
                            .json()
                            .path("asset_id")
                            .asString());
        }

        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page =
                    api.get(
                            "/v1/assets?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                            key);
            assertThat(page.status()).isEqualTo(200);
            page.json().path("data").forEach(asset -> seen.add(asset.path("asset_id").asString()));
            cursor =
                    page.json().path("next_cursor").isNull()
                            ? null
                            : page.json().path("next_cursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(seen).isEqualTo(uploaded);
        assertThat(pages).isEqualTo(3);
        assertError(api.get("/v1/assets?cursor=garbage!", key), 400, "invalid_cursor");
        assertError(api.get("/v1/assets?limit=0", key), 400, "invalid_parameter");
        assertError(api.get("/v1/assets?limit=abc", key), 400, "invalid_parameter");
    }

    @Test
    void healthReadinessMetricsAndUnknownRoutesAnswerInTheirShapes() {
        assertThat(api.get("/healthz", null).status()).isEqualTo(200);
        Response ready = api.get("/readyz", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("checks").path("postgres").asString()).isEqualTo("ok");
        assertThat(ready.json().path("checks").path("object_store").asString()).isEqualTo("ok");
        upload(DEV_KEY, "video/mp4", mp4Like(100));
        assertThat(api.get("/metrics", null).status()).isEqualTo(404);
        Response metrics =
                api.send(
                        api.internalRequest("/metrics", null)
                                .header(
                                        "authorization",
                                        "Bearer " + ApiTestEnvironment.INTERNAL_TOKEN)
                                .GET()
                                .build());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("rend_uploads_total").contains("outcome=\"accepted\"");
        assertError(api.get("/v1/nothing-here", DEV_KEY), 404, "not_found");
    }

    @Test
    void aKeepAliveConnectionKeepsAnsweringMixedRequests() throws Exception {
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // Answered after database work (off the event loop), then on the event loop.
            paths.add("/v1/assets?limit=1");
            paths.add("/healthz");
        }

        List<Integer> statuses =
                so.rend.embedded.KeepAliveProbe.statuses(
                        "127.0.0.1",
                        api.baseUrl().getPort(),
                        paths,
                        Map.of("Authorization", "Bearer " + DEV_KEY),
                        5_000);

        assertThat(statuses).hasSize(200).containsOnly(200);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static Response upload(String key, String contentType, byte[] body) {
        return api.send(
                api.request("/v1/videos", key)
                        .header("content-type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asString()).isNotBlank();
    }

    /**
     * Bytes that start like an MP4 (an ftyp box); what follows is noise the sniff does not look at.
     */
    static byte[] mp4Like(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(ftyp, 0, bytes, 0, Math.min(ftyp.length, size));
        return bytes;
    }

    private static byte[] webmLike(int size) {
        byte[] bytes = mp4Like(size);
        bytes[0] = 0x1A;
        bytes[1] = 0x45;
        bytes[2] = (byte) 0xDF;
        bytes[3] = (byte) 0xA3;
        return bytes;
    }

    private static byte[] read(String key) {
        return ApiTestEnvironment.store()
                .get(key, null)
                .block()
                .body()
                .reduce(
                        new java.io.ByteArrayOutputStream(),
                        (out, buffer) -> {
                            byte[] chunk = new byte[buffer.remaining()];
                            buffer.get(chunk);
                            out.writeBytes(chunk);
                            return out;
                        })
                .block()
                .toByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private record Snapshot(
            long assets, long jobs, long events, long artifacts, Set<String> sourceKeys) {}

    private static Snapshot snapshot() {
        Set<String> keys =
                new HashSet<>(
                        ApiTestEnvironment.store()
                                .list("sources/")
                                .map(ObjectInfo::key)
                                .collectList()
                                .block());
        return new Snapshot(
                api.count("SELECT count(*) FROM rend.assets"),
                api.count("SELECT count(*) FROM rend.media_jobs"),
                api.count("SELECT count(*) FROM rend.asset_events"),
                api.count("SELECT count(*) FROM rend.artifacts"),
                keys);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
