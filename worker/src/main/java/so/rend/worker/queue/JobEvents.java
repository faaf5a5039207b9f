package so.rend.worker.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import so.rend.assetevents.AssetEventType;

/**
 * The {@code media_job.*} lifecycle events (and {@code asset.failed}), each written by the queue in
 * the transaction that makes the state change it reports. Every job event carries the job's id,
 * kind and attempt.
 */
final class JobEvents {

    private static final int ERROR_CHARS = 500;

    private final AssetEventLog log;

    JobEvents(AssetEventLog log) {
        this.log = log;
    }

    void started(MediaJob job, String worker) {
        append(
                job,
                AssetEventType.MEDIA_JOB_STARTED,
                "worker",
                worker,
                "pickup_latency_ms",
                job.pickupLatencyMillis());
    }

    void succeeded(MediaJob job, long elapsedMillis) {
        append(job, AssetEventType.MEDIA_JOB_SUCCEEDED, "elapsed_ms", elapsedMillis);
    }

    void released(MediaJob job) {
        append(job, AssetEventType.MEDIA_JOB_RELEASED);
    }

    void retryScheduled(
            MediaJob job, String code, String message, Instant retryAt, Duration delay) {
        append(
                job,
                AssetEventType.MEDIA_JOB_RETRY_SCHEDULED,
                "error_code",
                code,
                "error",
                ErrorText.tail(message, ERROR_CHARS),
                "retry_at",
                retryAt.toString(),
                "retry_in_ms",
                delay.toMillis());
    }

    void failed(MediaJob job, String code, String message) {
        append(
                job,
                AssetEventType.MEDIA_JOB_FAILED,
                "error_code",
                code,
                "error",
                ErrorText.tail(message, ERROR_CHARS));
    }

    void assetFailed(MediaJob job, String code, String message) {
        log.append(
                job.accountId(),
                job.assetId(),
                AssetEventType.ASSET_FAILED,
                Map.of(
                        "error_code",
                        code,
                        "message",
                        ErrorText.tail(message, ERROR_CHARS),
                        "job_id",
                        job.id().toString()));
    }

    private void append(MediaJob job, AssetEventType type, Object... more) {
        log.append(job.accountId(), job.assetId(), type, payload(job, more));
    }

    /**
     * A job event's payload: the job's own fields, then {@code more} (name, value, name, value…).
     */
    static Map<String, Object> payload(MediaJob job, Object... more) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("job_id", job.id().toString());
        payload.put("kind", job.kind());
        payload.put("attempt", job.attempt());
        payload.put("max_attempts", job.maxAttempts());
        for (int i = 0; i + 1 < more.length; i += 2) {
            payload.put((String) more[i], more[i + 1]);
        }
        return payload;
    }
}
