package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.api.webhooks.WebhookSignature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest from a URL in the embedded mode (embedded PostgreSQL, S3Proxy, rend-api, rend-worker with
 * the bundled ffmpeg): a video served by a JDK HttpServer on loopback, allowed by {@code
 * REND_INGEST_ALLOWED_HOSTS}, is fetched by the API and encoded by the worker to {@code hls_ready}.
 * The same run carries the webhook acceptance (one encode serves both, CI time being short): the
 * embedded mode allows loopback receivers, and a JDK HttpServer on 127.0.0.1 gets the asset's
 * events from {@code asset.created} through {@code asset.hls_ready} and {@code
 * media_job.succeeded}, in sequence order, each verifying with the endpoint's secret.
 */
class EmbeddedIngestIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aUrlOnAnAllowedHostIsFetchedAndEncodedToHlsReadyWithEachEventPostedToALoopbackWebhook(
            @TempDir Path data) throws Exception {
        byte[] video = Files.readAllBytes(DevFixtures.video(data.resolve("v.mp4"), "320x240", 4));
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext(
                "/v.mp4",
                exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "video/mp4");
                    exchange.sendResponseHeaders(200, video.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(video);
                    }
                });
        origin.start();
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(received);
        // The API reads REND_* settings from system properties too; this JVM runs only tests.
        System.setProperty("REND_INGEST_ALLOWED_HOSTS", "127.0.0.1");
        try (RendDev rend =
                RendDev.start(
                        DevSettings.onFreePorts(
                                data.resolve("rend"), "dev-api-key", DevSettings.CLICKHOUSE_OFF))) {
            String secret = webhook(rend, receiver);
            String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/v.mp4";
            HttpResponse<String> created =
                    postJson(rend, "/v1/videos", "{\"input\":{\"url\":\"" + url + "\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String assetId = field(created.body(), "asset_id");
            assertThat(created.body()).contains("\"source_byte_size\":" + video.length);

            DevFixtures.awaitHlsReady(rend, "dev-api-key", assetId);
            assertEventsArrivedSigned(received, assetId, secret);
        } finally {
            receiver.stop(0);
            System.clearProperty("REND_INGEST_ALLOWED_HOSTS");
            origin.stop(0);
        }
    }

    private record Received(byte[] body, String signature, JsonNode event) {}

    private static HttpServer receiver(List<Received> received) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/hooks",
                exchange -> {
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    received.add(
                            new Received(
                                    body,
                                    exchange.getRequestHeaders().getFirst("rend-signature"),
                                    JSON.readTree(body)));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        receiver.start();
        return receiver;
    }

    /** A webhook endpoint for every event, at {@code receiver}; its secret. */
    private static String webhook(RendDev rend, HttpServer receiver) throws Exception {
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        HttpResponse<String> endpoint =
                postJson(rend, "/v1/webhooks", "{\"url\":\"" + hook + "\"}");
        assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
        return JSON.readTree(endpoint.body()).path("secret").asString();
    }

    private static HttpResponse<String> postJson(RendDev rend, String path, String json)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(rend.apiUrl().resolve(path))
                        .header("authorization", "Bearer dev-api-key")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertEventsArrivedSigned(
            List<Received> received, String assetId, String secret) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!types(received).contains("media_job.succeeded") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<String> types = types(received);
        assertThat(types.get(0)).isEqualTo("asset.created");
        assertThat(types)
                .contains("media_job.started", "asset.opener_ready", "asset.hls_ready")
                .contains("media_job.succeeded");
        assertThat(types.indexOf("asset.hls_ready"))
                .isGreaterThan(types.indexOf("asset.opener_ready"));
        long now = Instant.now().getEpochSecond();
        long previous = 0;
        for (Received r : received) {
            assertThat(r.event().path("asset_id").asString()).isEqualTo(assetId);
            assertThat(r.event().path("sequence").asLong()).isGreaterThan(previous);
            previous = r.event().path("sequence").asLong();
            assertThat(WebhookSignature.verify(r.signature(), r.body(), secret, now, 300)).isTrue();
            byte[] tampered = r.body().clone();
            tampered[tampered.length - 2] ^= 1;
            assertThat(WebhookSignature.verify(r.signature(), tampered, secret, now, 300))
                    .isFalse();
        }
    }

    private static List<String> types(List<Received> received) {
        return received.stream().map(r -> r.event().path("event_type").asString()).toList();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
