package so.rend.worker.queue;

import so.rend.worker.media.MediaFailure;

/**
 * What a failed attempt leads to, as a plain function of the job and the failure: another attempt
 * after a backoff, the job put back without counting the attempt (the worker, not the job, was
 * short of something), or the terminal {@code failed}.
 */
public final class RetryPolicy {

    /** How many times a job is run again after a process timeout. */
    public static final int RETRIES_AFTER_TIMEOUT = 1;

    /** The three ways a failed attempt ends. */
    public enum Outcome {
        /** Queued again after a backoff; the attempt counts. */
        RETRY,
        /** Queued again after a backoff; the attempt does not count. */
        DEFER,
        /** {@code failed} for good, the error kept. */
        FAIL
    }

    private RetryPolicy() {}

    public static Outcome after(MediaJob job, String code, boolean retryable) {
        if (MediaFailure.SCRATCH_SPACE_LOW.equals(code)) {
            return Outcome.DEFER;
        }
        if (!retryable || job.attempt() >= job.maxAttempts()) {
            return Outcome.FAIL;
        }
        // A run that used up the whole process timeout is the costliest failure there is (up to
        // REND_MEDIA_PROCESS_TIMEOUT_SECS of CPU and its scratch); one more try covers a worker
        // that was starved, a second timeout says the source itself takes too long.
        if (MediaFailure.PROCESS_TIMEOUT.equals(code) && job.timeouts() >= RETRIES_AFTER_TIMEOUT) {
            return Outcome.FAIL;
        }
        return Outcome.RETRY;
    }
}
