package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/videos} with {@code {"input": {"url": …}}} over real HTTP, on a real PostgreSQL
 * and S3Proxy, fetching from a JDK HttpServer on loopback: allowed by name it is stored, recorded
 * and queued like an upload; without the setting, loopback, metadata and numeric spellings are
 * refused before any request leaves; redirects are re-checked; sizes are bounded.
 */
class IngestFromUrlIT {

    private static final int LIMIT = 200_000;
    private static final byte[] VIDEO = UploadApiIT.mp4Like(150_000);

    private static HttpServer origin;
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private static RunningApi allowing;
    private static RunningApi strict;

    @BeforeAll
    static void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", IngestFromUrlIT::serve);
        origin.start();
        allowing =
                ApiTestEnvironment.start(
                        Map.of(
                                "REND_INGEST_ALLOWED_HOSTS",
                                "127.0.0.1",
                                "REND_INGEST_MAX_BYTES",
                                Integer.toString(LIMIT)));
        strict = ApiTestEnvironment.start(Map.of());
    }

    @AfterAll
    static void stop() {
        allowing.close();
        strict.close();
        origin.stop(0);
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        switch (path) {
            case "/video.mp4" -> send(exchange, 200, "video/mp4", VIDEO, false);
            case "/chunked.mp4" -> send(exchange, 200, "video/mp4", VIDEO, true);
            case "/big.mp4" ->
                    send(exchange, 200, "video/mp4", UploadApiIT.mp4Like(LIMIT + 1), false);
            case "/big-chunked.mp4" ->
                    send(exchange, 200, "video/mp4", UploadApiIT.mp4Like(LIMIT + 50_000), true);
            case "/text" ->
                    send(exchange, 200, "text/plain", "hello, not a video".getBytes(), false);
            case "/missing" -> send(exchange, 404, "text/plain", "no".getBytes(), false);
            case "/to-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
            case "/to-private" -> redirect(exchange, "http://10.0.0.1/video.mp4");
            case "/to-numeric" -> redirect(exchange, "http://2130706433:" + port() + "/video.mp4");
            case "/to-video" -> redirect(exchange, "/video.mp4");
            case "/loop" -> redirect(exchange, "/loop");
            default -> send(exchange, 404, "text/plain", new byte[0], false);
        }
    }

    @Test
    void anAllowedUrlIsStoredRecordedAndQueuedLikeAnUpload() throws Exception {
        String key = allowing.newAccountKey();
        for (String path : new String[] {"/video.mp4", "/chunked.mp4", "/to-video"}) {
            Response created = ingest(allowing, key, url(path), null);
            assertThat(created.status()).as(path + " " + created.body()).isEqualTo(201);
            JsonNode upload = created.json();
            String asset = upload.path("asset_id").asString();
            assertThat(upload.path("source_byte_size").asLong()).isEqualTo(VIDEO.length);
            assertThat(upload.path("source_state").asString()).isEqualTo("uploaded");
            assertThat(upload.path("playable_state").asString()).isEqualTo("not_playable");
            assertThat(upload.path("media_job").path("state").asString()).isEqualTo("queued");
            assertThat(
                            ApiTestEnvironment.store()
                                    .head(upload.path("source_object_key").asString())
                                    .block()
                                    .byteSize())
                    .isEqualTo(VIDEO.length);
            assertThat(
                            allowing.count(
                                    "SELECT count(*) FROM rend.media_jobs WHERE asset_id = '"
                                            + asset
                                            + "' AND state = 'queued'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theNewAssetsMetadataComesInTheBodyOrTheHeaderNotBoth() {
        String key = allowing.newAccountKey();
        String input = "{\"input\":{\"url\":\"" + url("/video.mp4") + "\"}";
        Response created =
                send(
                        allowing,
                        key,
                        input + ",\"metadata\":{\"title\":\"Café 🎬\",\"tags\":[\"paris\"]}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode asset =
                allowing.get("/v1/assets/" + created.json().path("asset_id").asString(), key)
                        .json();
        assertThat(asset.path("title").asString()).isEqualTo("Café 🎬");
        assertThat(asset.path("tags").toString()).isEqualTo("[\"paris\"]");

        HttpRequest both =
                allowing.request("/v1/videos", key)
                        .header("content-type", "application/json")
                        .header("x-rend-metadata", "{\"title\":\"header\"}")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        input + ",\"metadata\":{\"title\":\"body\"}}"))
                        .build();
        assertRefused(allowing.send(both), 400, "invalid_parameter");
        assertRefused(
                send(allowing, key, input + ",\"metadata\":{\"colour\":\"red\"}}"),
                400,
                "invalid_parameter");
        assertRefused(
                send(
                        allowing,
                        key,
                        input + ",\"metadata\":{\"title\":\"" + "t".repeat(600) + "\"}}"),
                400,
                "invalid_parameter");
        assertRefused(send(allowing, key, input + ",\"extra\":1}"), 400, "invalid_json");
        assertRefused(send(allowing, key, input + ",\"metadata\":[1]}"), 400, "invalid_json");
        // Only the first create made an asset.
        assertThat(allowing.get("/v1/assets", key).json().path("data")).hasSize(1);
    }

    @Test
    void theSameKeyAndBodyReplaysAndAnotherUrlWithTheKeyIsRefused() {
        String key = allowing.newAccountKey();
        Response first = ingest(allowing, key, url("/video.mp4"), "ingest-1");
        Response again = ingest(allowing, key, url("/video.mp4"), "ingest-1");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.raw().headers().firstValue("idempotent-replayed")).hasValue("true");
        Response other = ingest(allowing, key, url("/chunked.mp4"), "ingest-1");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void internalAddressesAreRefusedWithoutTheSettingBeforeAnyRequestLeaves() {
        String key = strict.newAccountKey();
        int before = hits.values().stream().mapToInt(AtomicInteger::get).sum();
        for (String url :
                new String[] {
                    url("/video.mp4"),
                    "http://169.254.169.254/latest/meta-data/",
                    "http://2130706433:" + port() + "/video.mp4",
                    "http://0x7f.1:" + port() + "/video.mp4",
                    "http://[::ffff:127.0.0.1]:" + port() + "/video.mp4",
                    "http://localhost:" + port() + "/video.mp4",
                }) {
            Response refused = ingest(strict, key, url, null);
            assertThat(refused.status()).as(url).isEqualTo(422);
            assertThat(refused.errorCode()).as(url).isEqualTo("ingest_url_forbidden");
        }
        assertThat(hits.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(before);
        assertThat(strict.get("/v1/assets", key).json().path("data")).isEmpty();
    }

    @Test
    void redirectsAreCheckedAtEveryHopAndBodiesAreBounded() {
        String key = allowing.newAccountKey();
        assertRefused(
                ingest(allowing, key, url("/to-metadata"), null), 422, "ingest_url_forbidden");
        assertRefused(ingest(allowing, key, url("/to-private"), null), 422, "ingest_url_forbidden");
        // 127.0.0.1 is allowed by that name only, not by another spelling of it.
        assertRefused(ingest(allowing, key, url("/to-numeric"), null), 422, "ingest_url_forbidden");
        assertRefused(ingest(allowing, key, url("/loop"), null), 502, "ingest_failed");
        assertThat(hits.get("/loop").get()).isEqualTo(6);
        assertRefused(ingest(allowing, key, url("/big.mp4"), null), 422, "ingest_too_large");
        assertRefused(
                ingest(allowing, key, url("/big-chunked.mp4"), null), 422, "ingest_too_large");
        assertRefused(ingest(allowing, key, url("/missing"), null), 502, "ingest_failed");
        assertRefused(ingest(allowing, key, url("/text"), null), 422, "not_a_video");
        assertRefused(
                ingest(allowing, key, "ftp://127.0.0.1/v.mp4", null), 400, "ingest_url_invalid");
        assertRefused(
                ingest(allowing, key, "http://127.0.0.1:" + port() + "@evil/", null),
                400,
                "ingest_url_invalid");
        assertRefused(send(allowing, key, "{\"input\":{\"url\":1}}"), 400, "invalid_parameter");
        assertRefused(
                send(allowing, key, "{\"input\":{\"url\":\"" + url("/video.mp4") + "\"},\"x\":1}"),
                400,
                "invalid_json");
        assertRefused(send(allowing, key, "{\"input\":"), 400, "invalid_json");
        assertRefused(
                send(allowing, key, "{\"a\":\"" + "x".repeat(20_000) + "\"}"), 400, "invalid_json");
        assertThat(allowing.get("/v1/assets", key).json().path("data")).isEmpty();
        assertThat(ApiTestEnvironment.store().pendingMultipartUploads("sources/").count().block())
                .isZero();
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(response.json().path("error").path("message").asString()).isNotBlank();
    }

    private static Response ingest(RunningApi api, String apiKey, String url, String key) {
        return send(api, apiKey, "{\"input\":{\"url\":\"" + url + "\"}}", key);
    }

    private static Response send(RunningApi api, String apiKey, String body) {
        return send(api, apiKey, body, null);
    }

    private static Response send(RunningApi api, String apiKey, String body, String key) {
        HttpRequest.Builder request =
                api.request("/v1/videos", apiKey)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("idempotency-key", key);
        }
        return api.send(request.build());
    }

    private static int port() {
        return origin.getAddress().getPort();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void send(
            HttpExchange exchange, int status, String type, byte[] body, boolean chunked)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, chunked ? 0 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // The fetcher may stop reading a body it refuses.
        }
        exchange.close();
    }
}
