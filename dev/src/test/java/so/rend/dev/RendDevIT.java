package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded all-in-one mode (embedded PostgreSQL + S3Proxy on disk + rend-api in one process):
 * an upload is there after a restart on the same data folder.
 */
class RendDevIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void portsTheEmbeddedModeChoseWinOverAZeroInTheEnvironment(@TempDir Path data)
            throws Exception {
        // What `REND_EDGE_PORT=0 java -jar rend-dev.jar` gives: settings and environment both 0.
        List<String> names = List.of("REND_EDGE_PORT", "REND_API_INTERNAL_PORT");
        names.forEach(name -> System.setProperty(name, "0"));
        try (RendDev rend =
                RendDev.start(
                        DevSettings.onFreePorts(data, "dev-api-key", DevSettings.CLICKHOUSE_OFF))) {
            assertThat(URI.create(rend.playbackBaseUrl()).getPort())
                    .as("the edge listens where bootstraps send viewers")
                    .isEqualTo(rend.edgeUrl().getPort());
            assertThat(get(rend.apiInternalUrl().resolve("/healthz")).statusCode())
                    .as("the API's internal listener is where the edge heartbeats")
                    .isBetween(200, 499);
        } finally {
            names.forEach(System::clearProperty);
        }
    }

    @Test
    void anUploadSurvivesARestartOnTheSameDataFolder(@TempDir Path data) throws Exception {
        DevSettings settings =
                DevSettings.onFreePorts(data, "dev-api-key", DevSettings.CLICKHOUSE_OFF);
        byte[] video = new byte[50_000];
        new Random(7).nextBytes(video);
        System.arraycopy(
                new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'},
                0,
                video,
                0,
                12);
        String assetId;
        try (RendDev rend = RendDev.start(settings)) {
            HttpResponse<String> upload =
                    HTTP.send(
                            HttpRequest.newBuilder(rend.apiUrl().resolve("/v1/videos"))
                                    .header("authorization", "Bearer dev-api-key")
                                    .header("content-type", "video/mp4")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(video))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            assetId = field(upload.body(), "asset_id");
            assertThat(rend.banner(settings))
                    .contains(rend.apiUrl() + "/v1/videos")
                    .contains("dev-api-key");
        }

        try (RendDev rend = RendDev.start(settings)) {
            HttpResponse<String> asset = get(rend.apiUrl().resolve("/v1/assets/" + assetId));
            assertThat(asset.statusCode()).isEqualTo(200);
            assertThat(field(asset.body(), "source_state")).isEqualTo("uploaded");
            assertThat(get(rend.apiUrl().resolve("/readyz")).statusCode()).isEqualTo(200);
        }
        Path stored =
                data.resolve("objects")
                        .resolve(DevSettings.BUCKET)
                        .resolve("sources")
                        .resolve(assetId)
                        .resolve("source");
        assertThat(Files.readAllBytes(stored)).isEqualTo(video);
    }

    @Test
    void keepsAChosenDevKeyOutOfTheBanner(@TempDir Path data) {
        DevSettings settings =
                DevSettings.onFreePorts(data, "a-private-key", DevSettings.CLICKHOUSE_OFF);
        try (RendDev rend = RendDev.start(settings)) {
            assertThat(rend.banner(settings))
                    .doesNotContain("a-private-key")
                    .contains("$REND_DEV_API_KEY");
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).header("authorization", "Bearer dev-api-key").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
