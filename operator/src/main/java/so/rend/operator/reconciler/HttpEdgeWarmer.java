package so.rend.operator.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import so.rend.operator.model.ResourceNames;

/**
 * Calls rend-edge's {@code POST /internal/warm} ({@code {"asset_id":…,"artifact_paths":[…]}},
 * header {@code x-rend-internal-token}); the edge answers once the artifacts are in its caches.
 */
public final class HttpEdgeWarmer implements EdgeWarmer {
    private final HttpClient http;
    private final Duration timeout;

    public HttpEdgeWarmer(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.timeout = timeout;
    }

    @Override
    public void warm(
            String address,
            int port,
            String internalToken,
            String assetId,
            List<String> artifactPaths)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asset_id", assetId);
        body.put("artifact_paths", artifactPaths);
        String host = address.contains(":") ? "[" + address + "]" : address;
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create("http://" + host + ":" + port + ResourceNames.WARM_PATH))
                        .timeout(timeout)
                        .header("content-type", "application/json")
                        .header(ResourceNames.INTERNAL_TOKEN_HEADER, internalToken)
                        .POST(HttpRequest.BodyPublishers.ofString(Serialization.asJson(body)))
                        .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "warm of "
                            + assetId
                            + " at "
                            + address
                            + ":"
                            + port
                            + " answered "
                            + response.statusCode());
        }
    }
}
