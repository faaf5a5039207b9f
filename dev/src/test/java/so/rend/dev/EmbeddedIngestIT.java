package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest from a URL in the embedded mode (embedded PostgreSQL, S3Proxy, rend-api, rend-worker with
 * the bundled ffmpeg): a video served by a JDK HttpServer on loopback, allowed by {@code
 * REND_INGEST_ALLOWED_HOSTS}, is fetched by the API and encoded by the worker to {@code hls_ready}.
 */
class EmbeddedIngestIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aUrlOnAnAllowedHostIsFetchedAndEncodedToHlsReady(@TempDir Path data) throws Exception {
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
        // The API reads REND_* settings from system properties too; this JVM runs only tests.
        System.setProperty("REND_INGEST_ALLOWED_HOSTS", "127.0.0.1");
        try (RendDev rend =
                RendDev.start(
                        DevSettings.onFreePorts(
                                data.resolve("rend"), "dev-api-key", DevSettings.CLICKHOUSE_OFF))) {
            String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/v.mp4";
            HttpResponse<String> created =
                    HTTP.send(
                            HttpRequest.newBuilder(rend.apiUrl().resolve("/v1/videos"))
                                    .header("authorization", "Bearer dev-api-key")
                                    .header("content-type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"input\":{\"url\":\"" + url + "\"}}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String assetId = field(created.body(), "asset_id");
            assertThat(created.body()).contains("\"source_byte_size\":" + video.length);

            DevFixtures.awaitHlsReady(rend, "dev-api-key", assetId);
        } finally {
            System.clearProperty("REND_INGEST_ALLOWED_HOSTS");
            origin.stop(0);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
