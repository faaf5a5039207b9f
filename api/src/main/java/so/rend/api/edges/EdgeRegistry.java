package so.rend.api.edges;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetDeletion;
import so.rend.api.config.EdgesProperties;
import so.rend.api.errors.ApiErrorCode;
import so.rend.edgeprotocol.CallbackTargets;
import so.rend.edgeprotocol.Heartbeat;
import so.rend.edgeprotocol.HeartbeatAnswer;

/**
 * Edges register and heartbeat here ({@code REND_CONTROL_PLANE_URL}, on the API's internal
 * listener); the row's heartbeat time is what makes an edge "healthy" for warm and purge fan-out.
 * The registry is readable too, so the operator can show on each RendEdgeNode whether its edge is
 * registered. An edge's internal URL is where the API and workers send the internal token, so it
 * must name an address {@link CallbackTargets} allows.
 */
@Service
public class EdgeRegistry {

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
    private final CallbackTargets callbacks;
    private final double healthySeconds;

    public EdgeRegistry(DatabaseClient db, AssetDeletion deletion, EdgesProperties edges) {
        this.db = db;
        this.deletion = deletion;
        this.callbacks = edges.callbackTargets();
        this.healthySeconds = edges.healthyWithin().toMillis() / 1000.0;
    }

    public Mono<List<RegisteredEdge>> list(String region) {
        DatabaseClient.GenericExecuteSpec query =
                region == null
                        ? db.sql(SELECT_EDGES + " ORDER BY id")
                        : db.sql(SELECT_EDGES + " WHERE region = :region ORDER BY id")
                                .bind("region", region);
        return query.bind("healthy_secs", healthySeconds)
                .map(EdgeRegistry::edge)
                .all()
                .collectList();
    }

    public Mono<RegisteredEdge> get(String edgeId) {
        return db.sql(SELECT_EDGES + " WHERE id = :id")
                .bind("id", edgeId)
                .bind("healthy_secs", healthySeconds)
                .map(EdgeRegistry::edge)
                .one()
                .switchIfEmpty(Mono.error(ApiErrorCode.EDGE_NOT_REGISTERED::error));
    }

    /**
     * Records the heartbeat and answers with the next page of deletions after the edge's cursor, so
     * an edge that was away when assets were deleted catches up.
     */
    public Mono<HeartbeatAnswer> heartbeat(Heartbeat beat) {
        String problem = problem(beat);
        if (problem != null) {
            return Mono.error(ApiErrorCode.INVALID_REQUEST.error(problem));
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
                .then(
                        deletion.revocationsAfter(
                                beat.revocationsAfter(), HeartbeatAnswer.MAX_REVOCATIONS))
                .map(
                        page ->
                                HeartbeatAnswer.registered(
                                        beat.edgeId(),
                                        page.revocations(),
                                        page.cursor(),
                                        page.more()));
    }

    private String problem(Heartbeat beat) {
        if (!present(beat.edgeId())
                || beat.edgeId().length() > Heartbeat.MAX_EDGE_ID_LENGTH
                || !present(beat.region())
                || !url(beat.publicUrl())
                || !url(beat.internalUrl())) {
            return "a heartbeat needs edge_id, region, public_url and internal_url (http or https)";
        }
        if (beat.revocationsAfter() != null && beat.revocationsAfter() < 0) {
            return "revocations_after must not be negative";
        }
        String callback = callbacks.problem(beat.internalUrl());
        return callback == null ? null : "internal_url: " + callback;
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

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean url(String s) {
        return present(s)
                && (s.startsWith("http://") || s.startsWith("https://"))
                && s.length() < 500;
    }
}
