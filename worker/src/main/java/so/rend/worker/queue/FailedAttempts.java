package so.rend.worker.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;
import so.rend.worker.media.MediaFailure;

/**
 * Records a failed attempt, inside the transaction that holds the job row, as {@link RetryPolicy}
 * decides: another attempt after a backoff, the job put back after a backoff without counting the
 * attempt, or the terminal {@code failed} state, keeping the error, with the asset failed too when
 * the job was its processing.
 */
final class FailedAttempts {

    private static final int JOB_ERROR_CHARS = 8000;
    private static final int ASSET_ERROR_CHARS = 2000;

    private static final String REQUEUE =
            """
            UPDATE rend.media_jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL,
                run_after = clock_timestamp() + ? * interval '1 millisecond',
                attempts = attempts - ?, deferrals = deferrals + ?, timeouts = timeouts + ?,
                last_error_code = ?, last_error = ?, updated_at = clock_timestamp()
            WHERE id = ? RETURNING run_after
            """;

    private static final String FAIL_JOB =
            """
            UPDATE rend.media_jobs SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL,
                timeouts = timeouts + ?, last_error_code = ?, last_error = ?,
                finished_at = clock_timestamp(), updated_at = clock_timestamp()
            WHERE id = ?
            """;

    private static final String FAIL_ASSET =
            """
            UPDATE rend.assets SET playable_state = 'failed', failure_code = ?, failure_message = ?,
                updated_at = clock_timestamp()
            WHERE id = ? AND playable_state <> 'failed' AND deleted_at IS NULL
            """;

    private final JdbcTemplate jdbc;
    private final RetryBackoff backoff;
    private final JobEvents events;

    FailedAttempts(JdbcTemplate jdbc, RetryBackoff backoff, JobEvents events) {
        this.jdbc = jdbc;
        this.backoff = backoff;
        this.events = events;
    }

    RetryPolicy.Outcome record(MediaJob job, String code, boolean retryable, String message) {
        RetryPolicy.Outcome outcome = RetryPolicy.after(job, code, retryable);
        if (outcome == RetryPolicy.Outcome.FAIL) {
            failForGood(job, code, message);
        } else {
            requeue(job, code, message, outcome == RetryPolicy.Outcome.DEFER);
        }
        return outcome;
    }

    /**
     * Queues the job again after a backoff; a deferred attempt is taken back (as a release at
     * shutdown is), so a worker short of scratch space never uses up the job's attempts, and its
     * backoff grows with the deferrals instead.
     */
    private void requeue(MediaJob job, String code, String message, boolean deferred) {
        Duration delay =
                backoff.delay(
                        deferred ? job.deferrals() + 1 : job.attempt(),
                        ThreadLocalRandom.current()::nextDouble);
        Instant retryAt =
                jdbc.queryForObject(
                        REQUEUE,
                        (rs, i) -> rs.getTimestamp(1).toInstant(),
                        delay.toMillis(),
                        deferred ? 1 : 0,
                        deferred ? 1 : 0,
                        timedOut(code),
                        code,
                        ErrorText.tail(message, JOB_ERROR_CHARS),
                        job.id());
        events.retryScheduled(job, code, message, retryAt, delay);
    }

    private void failForGood(MediaJob job, String code, String message) {
        jdbc.update(
                FAIL_JOB, timedOut(code), code, ErrorText.tail(message, JOB_ERROR_CHARS), job.id());
        events.failed(job, code, message);
        if (job.processesAsset()
                && jdbc.update(
                                FAIL_ASSET,
                                code,
                                ErrorText.tail(message, ASSET_ERROR_CHARS),
                                job.assetId())
                        == 1) {
            events.assetFailed(job, code, message);
        }
    }

    private static int timedOut(String code) {
        return MediaFailure.PROCESS_TIMEOUT.equals(code) ? 1 : 0;
    }
}
