package so.rend.worker.pipeline;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import so.rend.objectstore.ObjectNotFoundException;
import so.rend.objectstore.ObjectStore;
import so.rend.worker.media.MediaFailure;

/**
 * The source's download to the run's scratch space, started at most once, when first needed, and
 * cancelled when the run is over.
 */
final class SourceDownload implements AutoCloseable {

    private final ObjectStore store;
    private final String key;
    private final Path file;
    private CompletableFuture<Path> future;

    SourceDownload(ObjectStore store, String key, Path file) {
        this.store = store;
        this.key = key;
        this.file = file;
    }

    String key() {
        return key;
    }

    synchronized void start() {
        if (future == null) {
            future = store.getToFile(key, file).toFuture();
        }
    }

    /** Starts the download unless it runs already, and waits for it. */
    Path await() {
        start();
        try {
            return future.get(AssetObjects.STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaFailure(
                    MediaFailure.INTERNAL_ERROR, true, "interrupted while downloading the source");
        } catch (TimeoutException e) {
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR,
                    true,
                    "downloading the source took over " + AssetObjects.STORE_TIMEOUT);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ObjectNotFoundException) {
                throw new MediaFailure(
                        MediaFailure.SOURCE_MISSING,
                        false,
                        "the source object " + key + " is missing");
            }
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR,
                    true,
                    "downloading the source failed: " + e.getCause(),
                    e);
        }
    }

    @Override
    public synchronized void close() {
        if (future != null) {
            future.cancel(true);
        }
    }
}
