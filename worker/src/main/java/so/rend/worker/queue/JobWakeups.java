package so.rend.worker.queue;

import java.util.concurrent.TimeUnit;

/**
 * Where idle job runners wait. A notification, a finished job or the fallback poll bumps the
 * generation; a runner that saw generation g before finding the queue empty sleeps until it moves
 * past g, so a wake-up that lands between its empty claim and its wait is never lost.
 */
public final class JobWakeups {

    private long generation;

    public synchronized long generation() {
        return generation;
    }

    public synchronized void wakeAll() {
        generation++;
        notifyAll();
    }

    /** Waits until the generation moves past {@code seen} or {@code timeoutMillis} pass. */
    public synchronized void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (generation == seen) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
