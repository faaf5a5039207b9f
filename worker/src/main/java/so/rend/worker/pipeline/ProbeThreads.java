package so.rend.worker.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The threads ffprobe runs on while a job thread encodes the opener. A bean, so the application
 * context shuts them down when it closes (interrupting a probe kills its process tree).
 */
final class ProbeThreads implements AutoCloseable {

    private final ExecutorService executor =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "rend-media-probe");
                        t.setDaemon(true);
                        return t;
                    });

    <T> CompletableFuture<T> supply(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
