package so.rend.worker.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records a failed attempt, inside the transaction that holds the job row: another attempt after a
 * backoff when the failure is retryable and attempts remain, otherwise the terminal {@code failed}
 * state, keeping the error, with the asset failed too when the job was its processing.
 */
final class FailedAttempts {

    private static final int JOB_ERROR_CHARS = 8000;
    private static final int ASSET_ERROR_CHARS = 2000;

    private static final String REQUEUE =
            """
            UPDATE rend.media_jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL,
                run_after = clock_timestamp() + ? * interval '1 millisecond',
                last_error_code = ?, last_error = ?, updated_at = clock_timestamp()
            WHERE id = ? RETURNING run_after
            """;

    private static final String FAIL_JOB =
            """
            UPDATE rend.media_jobs SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL,
                last_error_code = ?, last_error = ?, finished_at = clock_timestamp(), updated_at = clock_timestamp()
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

    void record(MediaJob job, String code, boolean retryable, String message) {
        if (retryable && job.attempt() < job.maxAttempts()) {
            scheduleRetry(job, code, message);
        } else {
            failForGood(job, code, message);
        }
    }

    private void scheduleRetry(MediaJob job, String code, String message) {
        Duration delay = backoff.delay(job.attempt(), ThreadLocalRandom.current()::nextDouble);
        Instant retryAt =
                jdbc.queryForObject(
                        REQUEUE,
                        (rs, i) -> rs.getTimestamp(1).toInstant(),
                        delay.toMillis(),
                        code,
                        ErrorText.tail(message, JOB_ERROR_CHARS),
                        job.id());
        events.retryScheduled(job, code, message, retryAt, delay);
    }

    private void failForGood(MediaJob job, String code, String message) {
        jdbc.update(FAIL_JOB, code, ErrorText.tail(message, JOB_ERROR_CHARS), job.id());
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
}
