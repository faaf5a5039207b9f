package so.rend.worker.queue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lease reaper: jobs whose lease ran out (their worker died or stalled) go back in the queue,
 * or fail when that was their last attempt; a {@code process_asset} job whose asset was deleted is
 * cancelled instead ({@link DeletedAssetJobs}). Any worker may run it; SKIP LOCKED keeps two from
 * doing the same row.
 */
final class ExpiredLeases {

    private static final String EXPIRED =
            """
            SELECT j.id, j.asset_id, a.account_id, j.kind, j.attempts, j.max_attempts, j.timeouts, j.deferrals,
                j.lease_owner, a.deleted_at IS NOT NULL AS asset_deleted
            FROM rend.media_jobs j JOIN rend.assets a ON a.id = j.asset_id
            WHERE j.state = 'running' AND j.lease_expires_at < clock_timestamp()
            ORDER BY j.lease_expires_at
            LIMIT 100
            FOR UPDATE OF j SKIP LOCKED
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FailedAttempts failures;
    private final DeletedAssetJobs deletedAssetJobs;

    ExpiredLeases(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            FailedAttempts failures,
            DeletedAssetJobs deletedAssetJobs) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.failures = failures;
        this.deletedAssetJobs = deletedAssetJobs;
    }

    /** Reaps up to 100 expired leases; returns how many. */
    int reap() {
        Integer reaped = transactions.execute(status -> reapInTransaction());
        return reaped == null ? 0 : reaped;
    }

    private int reapInTransaction() {
        Set<UUID> ofDeletedAssets = new HashSet<>();
        List<MediaJob> expired =
                jdbc.query(
                        EXPIRED,
                        (rs, i) -> {
                            MediaJob job = MediaJobQueue.job(rs, rs.getString("lease_owner"), 0);
                            if (rs.getBoolean("asset_deleted") && job.processesAsset()) {
                                ofDeletedAssets.add(job.id());
                            }
                            return job;
                        });
        for (MediaJob job : expired) {
            if (ofDeletedAssets.contains(job.id())) {
                deletedAssetJobs.cancel(job, "the asset was deleted; its worker's lease expired");
            } else {
                failures.record(
                        job,
                        MediaJobQueue.LEASE_EXPIRED,
                        true,
                        "the lease of worker "
                                + job.leaseOwner()
                                + " expired before the job finished");
            }
        }
        return expired.size();
    }
}
