package so.rend.api.edges;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetDeletion;
import so.rend.api.errors.ApiError;

/**
 * Edges register and heartbeat here ({@code REND_CONTROL_PLANE_URL}); the row's heartbeat time is
 * what makes an edge "healthy" for warm and purge fan-out.
 */
@RestController
public class EdgeRegistryController {

    /** What an edge says about itself. */
    public record Heartbeat(String edgeId, String region, String publicUrl, String internalUrl, String version) {
    }

    private final DatabaseClient db;
    private final AssetDeletion deletion;

    public EdgeRegistryController(DatabaseClient db, AssetDeletion deletion) {
        this.db = db;
        this.deletion = deletion;
    }

    @PostMapping("/internal/edges/heartbeat")
    Mono<Map<String, Object>> heartbeat(@RequestBody Heartbeat beat) {
        if (!present(beat.edgeId()) || beat.edgeId().length() > 100 || !present(beat.region()) || !url(beat.publicUrl())
                || !url(beat.internalUrl())) {
            return Mono.error(new ApiError(HttpStatus.BAD_REQUEST, "invalid_request",
                    "a heartbeat needs edge_id, region, public_url and internal_url (http or https)"));
        }
        return db.sql("""
                        INSERT INTO rend.edge_nodes (id, region, public_url, internal_url, version)
                        VALUES (:id, :region, :public, :internal, :version)
                        ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region, public_url = EXCLUDED.public_url,
                            internal_url = EXCLUDED.internal_url, version = EXCLUDED.version, last_heartbeat_at = now()""")
                .bind("id", beat.edgeId()).bind("region", beat.region()).bind("public", beat.publicUrl())
                .bind("internal", beat.internalUrl()).bind("version", beat.version() == null ? "" : beat.version())
                .then()
                // The answer carries every deletion whose tokens may still be out there, so an edge that
                // was down when an asset was deleted catches up here.
                .then(deletion.activeRevocations())
                .map(revoked -> Map.of("status", "registered", "edge_id", beat.edgeId(), "revoked_assets", revoked));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean url(String s) {
        return present(s) && (s.startsWith("http://") || s.startsWith("https://")) && s.length() < 500;
    }
}
