package so.rend.worker.queue;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.worker.media.MediaFailure;

/**
 * Records how a run ended: succeeded, failed (retry or for good), given back at shutdown, cancelled
 * because its asset was deleted — or nothing at all when it was halted or lost its lease. Returns
 * the outcome's name for metrics.
 */
final class JobFinisher {

    private static final Logger log = LoggerFactory.getLogger(JobFinisher.class);

    private final MediaJobQueue queue;

    JobFinisher(MediaJobQueue queue) {
        this.queue = queue;
    }

    /**
     * @param failure how the processor failed, or {@code null} when it succeeded
     */
    String finish(JobRun run, MediaFailure failure, long elapsedNanos) {
        MediaJob job = run.job();
        if (run.halted()) {
            return "halted";
        }
        if (run.leaseLost() || failedWith(failure, MediaFailure.LEASE_LOST)) {
            log.warn(
                    "job {} attempt {} lost its lease; another worker owns it now",
                    job.id(),
                    job.attempt());
            return "lease_lost";
        }
        try {
            if (run.assetDeleted() || failedWith(failure, MediaFailure.ASSET_DELETED)) {
                return cancel(job);
            }
            return record(run, failure, elapsedNanos);
        } catch (MediaFailure fenced) {
            // The fence found the asset deleted after the run ended: cancel the job all the same.
            return MediaFailure.ASSET_DELETED.equals(fenced.code()) ? cancel(job) : "lease_lost";
        }
    }

    private String record(JobRun run, MediaFailure failure, long elapsedNanos) {
        MediaJob job = run.job();
        if (run.releasing()) {
            queue.release(job);
            return "released";
        }
        if (failure == null) {
            long millis = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
            queue.succeed(job, millis);
            log.info("job {} ({}) succeeded in {} ms", job.id(), job.kind(), millis);
            return "succeeded";
        }
        log.warn(
                "job {} attempt {}/{} failed: {} {}",
                job.id(),
                job.attempt(),
                job.maxAttempts(),
                failure.code(),
                ErrorText.tail(failure.getMessage(), 300));
        return switch (queue.fail(job, failure)) {
            case RETRY -> "retry_scheduled";
            case DEFER -> "deferred";
            case FAIL -> "failed";
        };
    }

    private String cancel(MediaJob job) {
        try {
            queue.cancelForDeletedAsset(job, "the asset was deleted while the job ran");
            log.info("job {} cancelled: asset {} was deleted", job.id(), job.assetId());
            return "cancelled";
        } catch (MediaFailure lost) {
            return "lease_lost";
        }
    }

    private static boolean failedWith(MediaFailure failure, String code) {
        return failure != null && code.equals(failure.code());
    }
}
