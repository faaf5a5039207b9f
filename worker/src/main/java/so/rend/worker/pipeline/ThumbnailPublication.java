package so.rend.worker.pipeline;

import java.nio.file.Path;
import java.util.List;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.worker.media.EncodingSettings;
import so.rend.worker.media.FfmpegCommands;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.SourceInput;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.JobRun;

/** The thumbnail: one JPEG from a second in (or the middle of a shorter video), with its row. */
final class ThumbnailPublication {

    private final MediaTools tools;
    private final EncodingSettings settings;
    private final AssetObjects objects;
    private final AssetRepository assets;

    ThumbnailPublication(
            MediaTools tools,
            EncodingSettings settings,
            AssetObjects objects,
            AssetRepository assets) {
        this.tools = tools;
        this.settings = settings;
        this.objects = objects;
        this.assets = assets;
    }

    void publish(JobRun run, SourceInput source, SourceProbe probe) {
        Path thumbnail = run.workDir().resolve("thumbnail.jpg");
        EncodingStep.run(
                run,
                FfmpegCommands.thumbnail(tools.ffmpeg(), source, probe, settings, thumbnail),
                "thumbnail");
        String key = AssetObjectKeys.thumbnail(run.job().assetId());
        long size = objects.upload(key, Artifact.JPEG, thumbnail);
        Artifact artifact = new Artifact(Artifact.THUMBNAIL, null, key, Artifact.JPEG, size);
        run.withinLease(() -> assets.recordArtifacts(run.job().assetId(), List.of(artifact)));
    }
}
