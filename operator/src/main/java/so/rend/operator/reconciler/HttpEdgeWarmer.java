package so.rend.operator.reconciler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import so.rend.edgeprotocol.CacheRequest;
import so.rend.edgeprotocol.EdgeProtocolJson;
import so.rend.edgeprotocol.InternalRoutes;
import so.rend.edgeprotocol.InternalToken;

/**
 * Calls rend-edge's {@code POST /internal/warm} ({@code {"asset_id":…,"artifact_paths":[…]}},
 * header {@link InternalToken#HEADER}); the edge answers once the artifacts are in its caches.
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
        String host = address.contains(":") ? "[" + address + "]" : address;
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        InternalRoutes.at(
                                                "http://" + host + ":" + port,
                                                InternalRoutes.EDGE_WARM)))
                        .timeout(timeout)
                        .header("content-type", "application/json")
                        .header(InternalToken.HEADER, internalToken)
                        .POST(
                                HttpRequest.BodyPublishers.ofByteArray(
                                        EdgeProtocolJson.write(
                                                new CacheRequest(assetId, artifactPaths, null))))
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
