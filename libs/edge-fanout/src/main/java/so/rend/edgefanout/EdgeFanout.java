package so.rend.edgefanout;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.edgeprotocol.CacheRequest;
import so.rend.edgeprotocol.CallbackTargets;
import so.rend.edgeprotocol.EdgeProtocolJson;
import so.rend.edgeprotocol.InternalRoutes;
import so.rend.edgeprotocol.InternalToken;

/**
 * Tells the edges about an asset: warm (fill these artifacts now) and purge (drop these, or all of
 * them). Targets are the healthy rows of {@code rend.edge_nodes} (a heartbeat within {@code
 * healthyWithin}); when none is registered, the fallback URLs ({@code REND_EDGE_WARM_URL}, {@code
 * REND_EDGE_PURGE_URL}) if set. One slow or dead edge never holds the others up.
 */
public final class EdgeFanout {

    private static final Logger log = LoggerFactory.getLogger(EdgeFanout.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** What one edge answered. {@code status} is 0 when it could not be reached. */
    public record EdgeResult(String edgeId, int status) {

        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** {@code refusal}: why it may not be called, or null. */
    private record Target(String edgeId, String baseUrl, String refusal) {}

    private final ConnectionFactory db;
    private final InternalToken internalToken;
    private final CallbackTargets callbacks;
    private final Duration healthyWithin;
    private final String fallbackWarmUrl;
    private final String fallbackPurgeUrl;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(3))
                    .build();

    public EdgeFanout(
            ConnectionFactory db,
            String internalToken,
            CallbackTargets callbacks,
            Duration healthyWithin,
            String fallbackWarmUrl,
            String fallbackPurgeUrl) {
        this.db = db;
        this.internalToken = new InternalToken(internalToken);
        this.callbacks = callbacks;
        this.healthyWithin = healthyWithin;
        this.fallbackWarmUrl = blankToNull(fallbackWarmUrl);
        this.fallbackPurgeUrl = blankToNull(fallbackPurgeUrl);
    }

    /** Asks every healthy edge to fill {@code artifactPaths} of the asset. */
    public Mono<List<EdgeResult>> warm(UUID assetId, List<String> artifactPaths) {
        return send(
                InternalRoutes.EDGE_WARM,
                fallbackWarmUrl,
                CacheRequest.warm(assetId, artifactPaths));
    }

    /**
     * Asks every healthy edge to drop {@code artifactPaths} of the asset, or all of it when empty.
     */
    public Mono<List<EdgeResult>> purge(UUID assetId, List<String> artifactPaths) {
        return send(
                InternalRoutes.EDGE_PURGE,
                fallbackPurgeUrl,
                CacheRequest.purge(assetId, artifactPaths));
    }

    /**
     * Drops everything of a deleted asset and refuses its already-issued tokens until {@code
     * revokeUntil} (when the longest of them has expired).
     */
    public Mono<List<EdgeResult>> purgeAndRevoke(UUID assetId, Instant revokeUntil) {
        return send(
                InternalRoutes.EDGE_PURGE,
                fallbackPurgeUrl,
                CacheRequest.purgeAndRevoke(assetId, revokeUntil));
    }

    /**
     * The results as lifecycle event payloads carry them: {@code edge_id}, {@code status}, {@code
     * ok}.
     */
    public static List<Map<String, Object>> describe(List<EdgeResult> results) {
        return results.stream()
                .map(
                        r ->
                                Map.<String, Object>of(
                                        "edge_id", r.edgeId(), "status", r.status(), "ok", r.ok()))
                .toList();
    }

    private Mono<List<EdgeResult>> send(String route, String fallbackUrl, CacheRequest body) {
        byte[] json = EdgeProtocolJson.write(body);
        return healthyEdges()
                .map(edges -> targets(edges, route, fallbackUrl))
                .flatMapMany(Flux::fromIterable)
                .flatMap(target -> target.refusal() == null ? post(target, json) : refused(target))
                .collectList();
    }

    /**
     * Registered edges are checked again before the token goes to them (the registry checked them
     * when they registered; the setting may have narrowed since). Fallback URLs are this process's
     * own configuration.
     */
    private List<Target> targets(List<Target> edges, String route, String fallbackUrl) {
        if (edges.isEmpty() && fallbackUrl != null) {
            return List.of(new Target("fallback", fallbackUrl, null));
        }
        return edges.stream()
                .map(
                        e ->
                                new Target(
                                        e.edgeId(),
                                        InternalRoutes.at(e.baseUrl(), route),
                                        callbacks.problem(e.baseUrl())))
                .toList();
    }

    private static Mono<EdgeResult> refused(Target target) {
        log.warn(
                "not calling edge {}: its internal URL is not an allowed callback target ({})",
                target.edgeId(),
                target.refusal());
        return Mono.just(new EdgeResult(target.edgeId(), 0));
    }

    private Mono<EdgeResult> post(Target target, byte[] json) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(target.baseUrl()))
                        .timeout(CALL_TIMEOUT)
                        .header("content-type", "application/json")
                        .header(InternalToken.HEADER, internalToken.value())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                        .build();
        return Mono.fromFuture(
                        () -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> new EdgeResult(target.edgeId(), response.statusCode()))
                .onErrorResume(
                        e -> {
                            log.warn("edge {} did not answer: {}", target.edgeId(), e.toString());
                            return Mono.just(new EdgeResult(target.edgeId(), 0));
                        });
    }

    private Mono<List<Target>> healthyEdges() {
        return Mono.usingWhen(
                Mono.from(db.create()),
                connection ->
                        Flux.from(
                                        connection
                                                .createStatement(
                                                        """
                                SELECT id, internal_url FROM rend.edge_nodes
                                WHERE last_heartbeat_at > now() - make_interval(secs => $1) ORDER BY id""")
                                                .bind("$1", (double) healthyWithin.toSeconds())
                                                .execute())
                                .flatMap(
                                        result ->
                                                result.map(
                                                        (row, meta) ->
                                                                new Target(
                                                                        row.get("id", String.class),
                                                                        row.get(
                                                                                "internal_url",
                                                                                String.class),
                                                                        null)))
                                .collectList(),
                Connection::close);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
