package so.rend.api.edges;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetDeletion;
import so.rend.api.config.EdgesProperties;
import so.rend.api.errors.ApiErrorCode;
import so.rend.edgeprotocol.Heartbeat;
import so.rend.edgeprotocol.HeartbeatAnswer;
import so.rend.edgeprotocol.InternalRoutes;

/**
 * Edges register and heartbeat here ({@code REND_CONTROL_PLANE_URL}); the row's heartbeat time is
 * what makes an edge "healthy" for warm and purge fan-out. The registry is readable too, so the
 * operator can show on each RendEdgeNode whether its edge is registered.
 */
@RestController
public class EdgeRegistryController {

    /**
     * One registered edge. {@code healthy}: its last heartbeat is within {@code
     * REND_EDGE_HEALTHY_SECS}, so warm, purge and revocations reach it.
     */
    public record RegisteredEdge(
            String edgeId,
            String region,
            String publicUrl,
            String internalUrl,
            String version,
            Instant registeredAt,
            Instant lastHeartbeatAt,
            boolean healthy) {}

    private static final String SELECT_EDGES =
            """
            SELECT id, region, public_url, internal_url, version, registered_at, last_heartbeat_at,
                   last_heartbeat_at > now() - make_interval(secs => :healthy_secs) AS healthy
            FROM rend.edge_nodes""";

    private final DatabaseClient db;
    private final AssetDeletion deletion;
    private final double healthySeconds;

    public EdgeRegistryController(
            DatabaseClient db, AssetDeletion deletion, EdgesProperties edges) {
        this.db = db;
        this.deletion = deletion;
        this.healthySeconds = edges.healthyWithin().toMillis() / 1000.0;
    }

    @GetMapping(InternalRoutes.EDGES)
    Mono<Map<String, List<RegisteredEdge>>> list(@RequestParam(required = false) String region) {
        DatabaseClient.GenericExecuteSpec query =
                region == null
                        ? db.sql(SELECT_EDGES + " ORDER BY id")
                        : db.sql(SELECT_EDGES + " WHERE region = :region ORDER BY id")
                                .bind("region", region);
        return query.bind("healthy_secs", healthySeconds)
                .map(EdgeRegistryController::edge)
                .all()
                .collectList()
                .map(edges -> Map.of("edges", edges));
    }

    @GetMapping(InternalRoutes.EDGES + "/{edgeId}")
    Mono<RegisteredEdge> get(@PathVariable String edgeId) {
        return db.sql(SELECT_EDGES + " WHERE id = :id")
                .bind("id", edgeId)
                .bind("healthy_secs", healthySeconds)
                .map(EdgeRegistryController::edge)
                .one()
                .switchIfEmpty(Mono.error(ApiErrorCode.EDGE_NOT_REGISTERED::error));
    }

    private static RegisteredEdge edge(Readable row) {
        return new RegisteredEdge(
                row.get("id", String.class),
                row.get("region", String.class),
                row.get("public_url", String.class),
                row.get("internal_url", String.class),
                row.get("version", String.class),
                row.get("registered_at", OffsetDateTime.class).toInstant(),
                row.get("last_heartbeat_at", OffsetDateTime.class).toInstant(),
                Boolean.TRUE.equals(row.get("healthy", Boolean.class)));
    }

    /** An edge's id is its Kubernetes node name under the operator: up to 253 characters. */
    @PostMapping(InternalRoutes.EDGE_HEARTBEAT)
    Mono<HeartbeatAnswer> heartbeat(@RequestBody Heartbeat beat) {
        if (!present(beat.edgeId())
                || beat.edgeId().length() > Heartbeat.MAX_EDGE_ID_LENGTH
                || !present(beat.region())
                || !url(beat.publicUrl())
                || !url(beat.internalUrl())) {
            return Mono.error(
                    ApiErrorCode.INVALID_REQUEST.error(
                            "a heartbeat needs edge_id, region, public_url and internal_url (http or https)"));
        }
        return db.sql(
                        """
                        INSERT INTO rend.edge_nodes (id, region, public_url, internal_url, version)
                        VALUES (:id, :region, :public, :internal, :version)
                        ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region, public_url = EXCLUDED.public_url,
                            internal_url = EXCLUDED.internal_url, version = EXCLUDED.version, last_heartbeat_at = now()""")
                .bind("id", beat.edgeId())
                .bind("region", beat.region())
                .bind("public", beat.publicUrl())
                .bind("internal", beat.internalUrl())
                .bind("version", beat.version() == null ? "" : beat.version())
                .then()
                // The answer carries every deletion whose tokens may still be out there, so an
                // edge that was down when an asset was deleted catches up here.
                .then(deletion.activeRevocations())
                .map(revoked -> HeartbeatAnswer.registered(beat.edgeId(), revoked));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean url(String s) {
        return present(s)
                && (s.startsWith("http://") || s.startsWith("https://"))
                && s.length() < 500;
    }
}
