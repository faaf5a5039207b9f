package so.rend.worker.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The runner's job threads: started together, then joined within a deadline when it stops. */
final class JobThreads {

    private final List<Thread> threads;

    private JobThreads(List<Thread> threads) {
        this.threads = threads;
    }

    static JobThreads start(int count, Runnable loop) {
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(loop, "rend-media-job-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return new JobThreads(List.copyOf(threads));
    }

    /** Waits for every thread to end, at most {@code timeout} in all. */
    void join(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Interrupts every thread (a wait, a sleep or a process run ends), then joins them. */
    void interruptAndJoin(Duration timeout) {
        threads.forEach(Thread::interrupt);
        join(timeout);
    }
}
