package so.rend.operator.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the cache usage an edge reports on its {@code /readyz} ({@code cache.disk_bytes}, {@code
 * cache.ram_bytes}).
 */
public final class EdgeCacheReport {
    public record Usage(long diskBytes, long ramBytes) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Optional<Usage> read(String address, int port) {
        String host = address.contains(":") ? "[" + address + "]" : address;
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://" + host + ":" + port + "/readyz"))
                                    .timeout(Duration.ofSeconds(3))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return parse(response.body());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    @SuppressWarnings("unchecked")
    static Optional<Usage> parse(String body) {
        try {
            Map<String, Object> json = Serialization.unmarshal(body, Map.class);
            if (json.get("cache") instanceof Map<?, ?> cache
                    && cache.get("disk_bytes") instanceof Number disk
                    && cache.get("ram_bytes") instanceof Number ram) {
                return Optional.of(new Usage(disk.longValue(), ram.longValue()));
            }
        } catch (RuntimeException e) {
            // Not rend-edge's shape: no report.
        }
        return Optional.empty();
    }
}
