package so.rend.worker.pipeline;

import so.rend.worker.queue.JobProcessor;
import so.rend.worker.queue.JobRun;
import so.rend.worker.queue.MediaJob;

/**
 * A {@code delete_asset_objects} job (the API enqueues one when an asset is deleted): every object
 * under the asset's {@code videos/} and {@code sources/} prefixes, then its artifact rows, with
 * {@code asset.objects_deleted}. Deleting what is already gone is no error, so a re-run is safe.
 */
public final class DeleteAssetObjectsJob implements JobProcessor {

    private final AssetObjects objects;
    private final AssetRepository assets;

    DeleteAssetObjectsJob(AssetObjects objects, AssetRepository assets) {
        this.objects = objects;
        this.assets = assets;
    }

    @Override
    public void process(JobRun run) {
        MediaJob job = run.job();
        long deleted = objects.deleteAll(job.assetId());
        run.withinLease(() -> assets.forgetArtifacts(job, deleted));
    }
}
