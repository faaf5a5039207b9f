package so.rend.worker.queue;

/**
 * Does the work of a claimed job. Returning means success; a {@link
 * so.rend.worker.media.MediaFailure} says whether another attempt could help; any other exception
 * counts as a retryable internal error. Every step must be idempotent: a job can run again after a
 * crash.
 */
@FunctionalInterface
public interface JobProcessor {

    void process(JobRun run);
}
