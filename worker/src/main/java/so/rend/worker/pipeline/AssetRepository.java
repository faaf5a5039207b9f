package so.rend.worker.pipeline;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import so.rend.assetevents.AssetEventType;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.AssetEventLog;
import so.rend.worker.queue.JobRun;
import so.rend.worker.queue.MediaJob;

/**
 * The asset's rows as the pipeline writes them: {@code rend.assets} (probe metadata, playable
 * state) and {@code rend.artifacts}, each state change with its lifecycle event. Every method runs
 * inside {@link JobRun#withinLease}, so what it writes commits only while the run holds the lease
 * and the asset is not deleted. State changes are conditional, so a re-run after a crash never
 * records an event twice; artifact rows are upserted by object key, so it never leaves two rows for
 * one key either.
 */
final class AssetRepository {

    /** The asset as a {@code process_asset} job first reads it. */
    record AssetRow(String sourceKey, long sourceBytes) {}

    private static final String FIND =
            "SELECT source_object_key, source_byte_size FROM rend.assets WHERE id = ?";

    private static final String RECORD_PROBE =
            """
            UPDATE rend.assets SET duration_ms = ?, width = ?, height = ?, video_codec = ?, audio_codec = ?,
                probe = ?::jsonb, updated_at = now()
            WHERE id = ?
            """;

    private static final String OPENER_READY =
            """
            UPDATE rend.assets SET playable_state = 'opener_ready', updated_at = now()
            WHERE id = ? AND playable_state = 'not_playable'
            """;

    private static final String HLS_READY =
            """
            UPDATE rend.assets SET playable_state = 'hls_ready', failure_code = NULL, failure_message = NULL,
                updated_at = now()
            WHERE id = ? AND playable_state IN ('not_playable', 'opener_ready')
            """;

    private static final String UPSERT_ARTIFACT =
            """
            INSERT INTO rend.artifacts (id, asset_id, kind, rendition, object_key, content_type, byte_size)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (object_key) DO UPDATE SET kind = EXCLUDED.kind, rendition = EXCLUDED.rendition,
                content_type = EXCLUDED.content_type, byte_size = EXCLUDED.byte_size, updated_at = now()
            """;

    private static final String UPSERT_MEDIA =
            """
            INSERT INTO rend.artifact_media (asset_id, artifact_path, byte_size, media_ms)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (asset_id, artifact_path) DO UPDATE SET byte_size = EXCLUDED.byte_size,
                media_ms = EXCLUDED.media_ms
            """;

    private final JdbcTemplate jdbc;
    private final AssetEventLog events;

    AssetRepository(JdbcTemplate jdbc, AssetEventLog events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    AssetRow find(UUID assetId) {
        return jdbc.queryForObject(
                FIND, (rs, i) -> new AssetRow(rs.getString(1), rs.getLong(2)), assetId);
    }

    /**
     * The opener is published: the probe's metadata on the asset, the opener's row, and the first
     * {@code opener_ready} with {@code readyEvent} as its payload.
     */
    void recordOpener(MediaJob job, SourceProbe probe, Artifact opener, Map<String, ?> readyEvent) {
        jdbc.update(
                RECORD_PROBE,
                probe.durationMillis(),
                probe.width(),
                probe.height(),
                probe.videoCodec(),
                probe.audioCodec(),
                probe.json(),
                job.assetId());
        recordArtifacts(job.assetId(), List.of(opener));
        if (jdbc.update(OPENER_READY, job.assetId()) == 1) {
            events.append(
                    job.accountId(), job.assetId(), AssetEventType.ASSET_OPENER_READY, readyEvent);
        }
    }

    /**
     * The ladder is published: every row of it, and the first {@code hls_ready} with {@code
     * readyEvent} as its payload.
     */
    void recordLadder(MediaJob job, List<Artifact> artifacts, Map<String, ?> readyEvent) {
        recordArtifacts(job.assetId(), artifacts);
        if (jdbc.update(HLS_READY, job.assetId()) == 1) {
            events.append(
                    job.accountId(), job.assetId(), AssetEventType.ASSET_HLS_READY, readyEvent);
        }
    }

    /**
     * Upserts artifact rows by object key, and the media time of the opener and segments (by path
     * below the asset's prefix, as the edge reports it) for the delivered-minutes meter.
     */
    void recordArtifacts(UUID assetId, List<Artifact> artifacts) {
        jdbc.batchUpdate(
                UPSERT_ARTIFACT,
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
        String prefix = AssetObjectKeys.videoPrefix(assetId);
        List<Artifact> media =
                artifacts.stream()
                        .filter(a -> a.mediaMillis() > 0 && a.byteSize() > 0)
                        .filter(a -> a.objectKey().startsWith(prefix))
                        .toList();
        jdbc.batchUpdate(
                UPSERT_MEDIA,
                media,
                500,
                (ps, a) -> {
                    ps.setObject(1, assetId);
                    ps.setString(2, a.objectKey().substring(prefix.length()));
                    ps.setLong(3, a.byteSize());
                    ps.setLong(4, a.mediaMillis());
                });
    }

    /** The asset's objects are gone from the store: its artifact rows go too. */
    void forgetArtifacts(MediaJob job, long deletedObjects) {
        jdbc.update("DELETE FROM rend.artifacts WHERE asset_id = ?", job.assetId());
        events.append(
                job.accountId(),
                job.assetId(),
                AssetEventType.ASSET_OBJECTS_DELETED,
                Map.of("deleted_objects", deletedObjects, "job_id", job.id().toString()));
    }
}
