package so.rend.worker.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import so.rend.worker.media.MediaFailure;

/**
 * The Postgres media job queue ({@code rend.media_jobs}). Claims take the oldest runnable row with
 * {@code FOR UPDATE SKIP LOCKED}, so workers never wait on or double-claim each other's rows; a
 * claim is a lease that the runner renews while the job runs; every write a run makes is fenced by
 * its lease, so a worker that lost its lease (it stalled and another worker reclaimed the job)
 * writes nothing more. Each state change is committed with its lifecycle event.
 */
public final class MediaJobQueue {

    public static final String LEASE_EXPIRED = "lease_expired";

    private static final String CLAIM =
            """
            WITH next AS (
                SELECT j.id FROM rend.media_jobs j JOIN rend.assets a ON a.id = j.asset_id
                WHERE j.state = 'queued' AND j.run_after <= now()
                ORDER BY j.run_after, j.created_at
                LIMIT 1
                FOR UPDATE OF j SKIP LOCKED FOR KEY SHARE OF a SKIP LOCKED
            )
            UPDATE rend.media_jobs j
            SET state = 'running', attempts = j.attempts + 1, lease_owner = ?,
                lease_expires_at = clock_timestamp() + ? * interval '1 millisecond',
                updated_at = clock_timestamp()
            FROM next, rend.assets a
            WHERE j.id = next.id AND a.id = j.asset_id
            RETURNING j.id, j.asset_id, a.account_id, j.kind, j.attempts, j.max_attempts, j.timeouts, j.deferrals,
                (extract(epoch FROM clock_timestamp() - greatest(j.run_after, j.created_at)) * 1000)::bigint
                    AS waited_ms
            """;

    private static final String NEXT_RUNNABLE =
            """
            SELECT ceil(extract(epoch FROM min(run_after) - clock_timestamp()) * 1000)::bigint
            FROM rend.media_jobs WHERE state = 'queued'
            """;

    private static final String HEARTBEAT =
            """
            UPDATE rend.media_jobs j SET lease_expires_at = clock_timestamp() + ? * interval '1 millisecond',
                updated_at = clock_timestamp()
            FROM rend.assets a
            WHERE j.id = ? AND j.state = 'running' AND j.lease_owner = ? AND j.attempts = ? AND a.id = j.asset_id
            RETURNING a.deleted_at IS NOT NULL
            """;

    private static final String FENCE =
            """
            SELECT a.deleted_at IS NOT NULL FROM rend.media_jobs j JOIN rend.assets a ON a.id = j.asset_id
            WHERE j.id = ? AND j.state = 'running' AND j.lease_owner = ? AND j.attempts = ?
            FOR UPDATE OF j FOR SHARE OF a
            """;

    private static final String SUCCEED =
            """
            UPDATE rend.media_jobs SET state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL,
                last_error_code = NULL, last_error = NULL, finished_at = clock_timestamp(),
                updated_at = clock_timestamp()
            WHERE id = ?
            """;

    private static final String RELEASE =
            """
            UPDATE rend.media_jobs SET state = 'queued', attempts = greatest(attempts - 1, 0),
                lease_owner = NULL, lease_expires_at = NULL, run_after = now(), updated_at = clock_timestamp()
            WHERE id = ?
            """;

    private static final String STATS =
            """
            SELECT count(*) FILTER (WHERE state = 'queued' AND run_after <= now()) AS ready,
                   count(*) FILTER (WHERE state = 'queued' AND run_after > now()) AS delayed,
                   count(*) FILTER (WHERE state = 'running') AS running,
                   coalesce(extract(epoch FROM now() - min(greatest(run_after, created_at))
                       FILTER (WHERE state = 'queued' AND run_after <= now())), 0) AS oldest
            FROM rend.media_jobs WHERE state IN ('queued', 'running')
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Duration lease;
    private final JobEvents events;
    private final FailedAttempts failures;
    private final DeletedAssetJobs deletedAssetJobs;
    private final ExpiredLeases expiredLeases;

    public MediaJobQueue(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            Duration lease,
            RetryBackoff backoff) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.lease = lease;
        this.events = new JobEvents(new AssetEventLog(jdbc));
        this.failures = new FailedAttempts(jdbc, backoff, events);
        this.deletedAssetJobs = new DeletedAssetJobs(jdbc, new AssetEventLog(jdbc));
        this.expiredLeases = new ExpiredLeases(jdbc, transactions, failures, deletedAssetJobs);
    }

    public Duration lease() {
        return lease;
    }

    /** Claims the oldest runnable job for {@code owner}, or nothing when none is ready. */
    public Optional<MediaJob> claim(String owner) {
        return Optional.ofNullable(
                transactions.execute(
                        status -> {
                            List<MediaJob> claimed =
                                    jdbc.query(
                                            CLAIM,
                                            (rs, i) ->
                                                    job(
                                                            rs,
                                                            owner,
                                                            Math.max(0, rs.getLong("waited_ms"))),
                                            owner,
                                            lease.toMillis());
                            if (claimed.isEmpty()) {
                                return null;
                            }
                            events.started(claimed.get(0), owner);
                            return claimed.get(0);
                        }));
    }

    /**
     * Milliseconds until the earliest queued job becomes runnable (a retry waiting out its
     * backoff), or -1.
     */
    public long millisUntilNextRunnable() {
        Long millis = jdbc.queryForObject(NEXT_RUNNABLE, Long.class);
        return millis == null ? -1 : Math.max(0, millis);
    }

    /** What a heartbeat found. */
    public enum Lease {
        /** Extended. */
        HELD,
        /** No longer this run's (reclaimed, or finished elsewhere). */
        LOST,
        /** Extended, but the job processes an asset that has been deleted: the run must stop. */
        ASSET_DELETED
    }

    /** Extends the lease, and says whether the run should go on. */
    public Lease heartbeat(MediaJob job) {
        List<Boolean> deleted =
                jdbc.queryForList(
                        HEARTBEAT,
                        Boolean.class,
                        lease.toMillis(),
                        job.id(),
                        job.leaseOwner(),
                        job.attempt());
        if (deleted.isEmpty()) {
            return Lease.LOST;
        }
        return deleted.get(0) && job.processesAsset() ? Lease.ASSET_DELETED : Lease.HELD;
    }

    /**
     * Runs {@code work} in one transaction that first locks the job row and checks the lease is
     * still this run's; throws {@link MediaFailure} {@code lease_lost} otherwise, writing nothing.
     * For a {@code process_asset} job it also share-locks the asset's row and throws {@code
     * asset_deleted} when the asset is deleted: a deletion (which locks that row first) either
     * waits for this transaction, so its {@code asset.deleted} comes after anything written here,
     * or is seen by it. Every write {@code work} makes through the worker's {@link JdbcTemplate}
     * (the one DataSource) joins the transaction.
     */
    public <T> T withinLease(MediaJob job, Supplier<T> work) {
        return transactions.execute(
                status -> {
                    fence(job, job.processesAsset());
                    return work.get();
                });
    }

    /**
     * Ends a {@code process_asset} run whose asset was deleted: the job {@code cancelled}, and the
     * asset's objects removed once more after it ({@link DeletedAssetJobs}).
     */
    public void cancelForDeletedAsset(MediaJob job, String message) {
        transactions.executeWithoutResult(
                status -> {
                    fence(job, false);
                    deletedAssetJobs.cancel(job, message);
                });
    }

    public void succeed(MediaJob job, long elapsedMillis) {
        withinLease(
                job,
                () -> {
                    jdbc.update(SUCCEED, job.id());
                    events.succeeded(job, elapsedMillis);
                    return null;
                });
    }

    /**
     * Records a failed run as {@link RetryPolicy} decides: another attempt after a backoff, the job
     * put back without counting the attempt, or the terminal {@code failed} state, with the asset
     * failed too.
     */
    public RetryPolicy.Outcome fail(MediaJob job, MediaFailure failure) {
        return withinLease(
                job,
                () ->
                        failures.record(
                                job, failure.code(), failure.retryable(), failure.getMessage()));
    }

    /** Gives a job back untouched (graceful shutdown): the attempt does not count. */
    public void release(MediaJob job) {
        withinLease(
                job,
                () -> {
                    jdbc.update(RELEASE, job.id());
                    events.released(job);
                    return null;
                });
    }

    /**
     * Puts jobs whose lease ran out (their worker died or stalled) back in the queue, or fails them
     * when that was their last attempt ({@link ExpiredLeases}).
     */
    public int reapExpiredLeases() {
        return expiredLeases.reap();
    }

    public QueueStats stats() {
        return jdbc.queryForObject(
                STATS,
                (rs, i) ->
                        new QueueStats(
                                rs.getLong("ready"),
                                rs.getLong("delayed"),
                                rs.getLong("running"),
                                rs.getDouble("oldest")));
    }

    private void fence(MediaJob job, boolean failIfAssetDeleted) {
        List<Boolean> deleted =
                jdbc.queryForList(FENCE, Boolean.class, job.id(), job.leaseOwner(), job.attempt());
        if (deleted.isEmpty()) {
            throw new MediaFailure(
                    MediaFailure.LEASE_LOST,
                    true,
                    "job "
                            + job.id()
                            + " attempt "
                            + job.attempt()
                            + " is no longer leased by "
                            + job.leaseOwner());
        }
        if (failIfAssetDeleted && deleted.get(0)) {
            throw new MediaFailure(
                    MediaFailure.ASSET_DELETED, false, "the asset was deleted while the job ran");
        }
    }

    static MediaJob job(ResultSet rs, String leaseOwner, long pickupLatencyMillis)
            throws SQLException {
        return new MediaJob(
                rs.getObject("id", UUID.class),
                rs.getObject("asset_id", UUID.class),
                rs.getObject("account_id", UUID.class),
                rs.getString("kind"),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                leaseOwner,
                pickupLatencyMillis,
                rs.getInt("timeouts"),
                rs.getInt("deferrals"));
    }
}
