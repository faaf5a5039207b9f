package so.rend.worker.queue;

/**
 * The queue as an autoscaler sees it.
 *
 * @param ready queued jobs whose run_after has passed (the depth to scale on)
 * @param delayed queued jobs waiting for a retry backoff
 * @param running jobs under a lease
 * @param oldestReadyAgeSeconds how long the oldest ready job has been runnable, 0 when none
 */
public record QueueStats(long ready, long delayed, long running, double oldestReadyAgeSeconds) {

    public static final QueueStats EMPTY = new QueueStats(0, 0, 0, 0);
}
