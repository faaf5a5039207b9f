package so.rend.worker.pipeline;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.worker.media.SourceInput;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.JobProcessor;
import so.rend.worker.queue.JobRun;
import so.rend.worker.queue.MediaJob;

/**
 * A {@code process_asset} job: probe and opener (published first), thumbnail, HLS ladder from one
 * decode, master playlist. Every step overwrites the same keys and upserts the same rows, so a run
 * after a crash converges on the same result; asset state changes happen at most once, each with
 * its lifecycle event, in the transaction that makes them.
 */
public final class ProcessAssetJob implements JobProcessor {

    private static final Logger log = LoggerFactory.getLogger(ProcessAssetJob.class);

    private final AssetRepository assets;
    private final AssetObjects objects;
    private final OpenerPublication opener;
    private final ThumbnailPublication thumbnail;
    private final LadderPublication ladder;
    private final ScratchSpace scratch;

    ProcessAssetJob(
            AssetRepository assets,
            AssetObjects objects,
            OpenerPublication opener,
            ThumbnailPublication thumbnail,
            LadderPublication ladder,
            ScratchSpace scratch) {
        this.assets = assets;
        this.objects = objects;
        this.scratch = scratch;
        this.opener = opener;
        this.thumbnail = thumbnail;
        this.ladder = ladder;
    }

    @Override
    public void process(JobRun run) {
        MediaJob job = run.job();
        // A deleted asset fails this read's fence (asset_deleted): the job is cancelled unrun.
        AssetRepository.AssetRow asset = run.withinLease(() -> assets.find(job.assetId()));
        long started = System.nanoTime();
        // The opener is cut from the first seconds read through a presigned URL; the whole source
        // comes down afterwards for the ladder, so the download does not compete with the opener
        // for CPU.
        try (ScratchSpace.Reservation space = scratch.reserve(run.workDir(), asset.sourceBytes());
                SourceDownload download =
                        objects.download(asset.sourceKey(), run.workDir().resolve("source"))) {
            SourceProbe probe = opener.publish(run, download);
            long openerPublished = System.nanoTime();
            // From here on the source is the downloaded file, opened only as the container the
            // probe found.
            SourceInput source = SourceInput.file(download.await()).pinned(probe.container());
            run.checkStillOwned();
            long downloaded = System.nanoTime();
            thumbnail.publish(run, source, probe);
            long thumbnailed = System.nanoTime();
            ladder.publish(run, source, probe);
            log.info(
                    "job {}: hls_ready {} ms after claim (download wait {} ms, thumbnail {} ms, ladder + publish {} ms)",
                    job.id(),
                    millis(System.nanoTime() - started),
                    millis(downloaded - openerPublished),
                    millis(thumbnailed - downloaded),
                    millis(System.nanoTime() - thumbnailed));
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
