package so.rend.worker.pipeline;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Upserts artifact rows by object key, so a re-run of a job leaves exactly one row per key. */
final class ArtifactRows {

    private ArtifactRows() {}

    static void upsert(JdbcTemplate tx, UUID assetId, List<Artifact> artifacts) {
        tx.batchUpdate(
                """
                INSERT INTO rend.artifacts (id, asset_id, kind, rendition, object_key, content_type, byte_size)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (object_key) DO UPDATE SET kind = EXCLUDED.kind, rendition = EXCLUDED.rendition,
                    content_type = EXCLUDED.content_type, byte_size = EXCLUDED.byte_size, updated_at = now()
                """,
                artifacts,
                500,
                (ps, a) -> {
                    ps.setObject(1, UUID.randomUUID());
                    ps.setObject(2, assetId);
                    ps.setString(3, a.kind());
                    ps.setString(4, a.rendition());
                    ps.setString(5, a.objectKey());
                    ps.setString(6, a.contentType());
                    ps.setLong(7, a.byteSize());
                });
    }
}
