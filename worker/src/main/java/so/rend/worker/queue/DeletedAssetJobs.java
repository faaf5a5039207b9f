package so.rend.worker.queue;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import so.rend.assetevents.AssetEventType;

/**
 * Ends a {@code process_asset} job whose asset was deleted, inside the transaction that holds the
 * job row: the job is {@code cancelled} (with {@code media_job.cancelled}), the asset's state is
 * left as the deletion left it, and a {@code delete_asset_objects} job is queued unless one is
 * already waiting, because the cancelled run may have written objects after the deletion's own
 * removal ran.
 */
final class DeletedAssetJobs {

    private static final int JOB_ERROR_CHARS = 8000;

    private static final String CANCEL =
            """
            UPDATE rend.media_jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL,
                last_error_code = 'asset_deleted', last_error = ?, finished_at = clock_timestamp(),
                updated_at = clock_timestamp()
            WHERE id = ?
            """;

    private static final String QUEUE_REMOVAL =
            """
            INSERT INTO rend.media_jobs (id, asset_id, kind, state, run_after)
            SELECT ?, ?, 'delete_asset_objects', 'queued', clock_timestamp()
            WHERE NOT EXISTS (
                SELECT 1 FROM rend.media_jobs
                WHERE asset_id = ? AND kind = 'delete_asset_objects' AND state = 'queued')
            """;

    private final JdbcTemplate jdbc;
    private final AssetEventLog events;

    DeletedAssetJobs(JdbcTemplate jdbc, AssetEventLog events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    void cancel(MediaJob job, String message) {
        jdbc.update(CANCEL, ErrorText.tail(message, JOB_ERROR_CHARS), job.id());
        events.append(
                job.accountId(),
                job.assetId(),
                AssetEventType.MEDIA_JOB_CANCELLED,
                JobEvents.payload(job, "error_code", "asset_deleted", "error", message));
        jdbc.update(QUEUE_REMOVAL, UUID.randomUUID(), job.assetId(), job.assetId());
    }
}
