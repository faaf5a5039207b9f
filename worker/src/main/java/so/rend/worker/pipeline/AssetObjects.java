package so.rend.worker.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Flux;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.objectstore.ObjectStore;
import so.rend.worker.media.MediaFailure;

/**
 * An asset's objects in the store as the pipeline reads and writes them: every call bounded by
 * {@link #STORE_TIMEOUT}, every failure a retryable {@code storage_error}.
 */
final class AssetObjects {

    static final Duration STORE_TIMEOUT = Duration.ofMinutes(10);
    private static final int UPLOAD_CONCURRENCY = 8;

    private final ObjectStore store;

    AssetObjects(ObjectStore store) {
        this.store = store;
    }

    /** The source's download to {@code file}, not started yet. */
    SourceDownload download(String sourceKey, Path file) {
        return new SourceDownload(store, sourceKey, file);
    }

    /** Uploads one file; returns its size. */
    long upload(String key, String contentType, Path file) {
        try {
            return store.putFile(key, contentType, file).block(STORE_TIMEOUT).byteSize();
        } catch (RuntimeException e) {
            throw uploadFailed(key, e);
        }
    }

    void upload(String key, String contentType, byte[] bytes) {
        try {
            store.putBytes(key, contentType, bytes).block(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            throw uploadFailed(key, e);
        }
    }

    /** Uploads a ladder's files, several at a time. */
    void uploadAll(List<LocalArtifact> files) {
        try {
            Flux.fromIterable(files)
                    .flatMap(
                            f ->
                                    store.putFile(
                                            f.artifact().objectKey(),
                                            f.artifact().contentType(),
                                            f.file()),
                            UPLOAD_CONCURRENCY)
                    .then()
                    .block(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR, true, "uploading the HLS ladder failed: " + e, e);
        }
    }

    /** Deletes the asset's playback artifacts and its source; returns how many objects went. */
    long deleteAll(UUID assetId) {
        try {
            return store.deletePrefix(AssetObjectKeys.videoPrefix(assetId)).block(STORE_TIMEOUT)
                    + store.deletePrefix(AssetObjectKeys.sourcePrefix(assetId))
                            .block(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR,
                    true,
                    "deleting the asset's objects failed: " + e,
                    e);
        }
    }

    private static MediaFailure uploadFailed(String key, RuntimeException e) {
        return new MediaFailure(
                MediaFailure.STORAGE_ERROR, true, "uploading " + key + " failed: " + e, e);
    }
}
