package so.rend.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.worker.hls.HlsLadder;
import so.rend.worker.hls.MasterPlaylist;
import so.rend.worker.hls.Rendition;
import so.rend.worker.media.EncodingSettings;
import so.rend.worker.media.FfmpegCommands;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.SourceInput;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.JobRun;
import so.rend.worker.queue.MediaJob;

/**
 * The HLS ladder: renditions that fit the source from one ffmpeg decode, every file uploaded, then
 * the master playlist Rend writes from what was measured, uploaded last; then every row and {@code
 * hls_ready} in one transaction, and the first bytes warmed on the edges.
 */
final class LadderPublication {

    private final MediaTools tools;
    private final EncodingSettings settings;
    private final AssetObjects objects;
    private final AssetRepository assets;
    private final EdgeWarmer warmer;

    LadderPublication(
            MediaTools tools,
            EncodingSettings settings,
            AssetObjects objects,
            AssetRepository assets,
            EdgeWarmer warmer) {
        this.tools = tools;
        this.settings = settings;
        this.objects = objects;
        this.assets = assets;
        this.warmer = warmer;
    }

    void publish(JobRun run, SourceInput source, SourceProbe probe) {
        MediaJob job = run.job();
        List<Rendition> renditions = HlsLadder.choose(probe.width(), probe.height());
        Path hls = directories(run.workDir().resolve("hls"), renditions);
        EncodingStep.run(
                run,
                FfmpegCommands.ladder(tools.ffmpeg(), source, probe, renditions, settings, hls),
                "ladder");
        List<RenditionFiles> outputs =
                renditions.stream()
                        .map(
                                r ->
                                        RenditionFiles.read(
                                                job.assetId(), r, hls.resolve(r.name()), probe))
                        .toList();
        List<LocalArtifact> files =
                outputs.stream().flatMap(output -> output.files().stream()).toList();
        run.checkStillOwned();
        objects.uploadAll(files);

        // The master goes up last: once it is readable, everything it points at is too.
        byte[] master =
                MasterPlaylist.render(outputs.stream().map(RenditionFiles::variant).toList())
                        .getBytes(StandardCharsets.UTF_8);
        String masterKey = AssetObjectKeys.masterPlaylist(job.assetId());
        objects.upload(masterKey, Artifact.HLS_PLAYLIST, master);
        List<Artifact> artifacts = new ArrayList<>();
        files.forEach(file -> artifacts.add(file.artifact()));
        artifacts.add(
                new Artifact(
                        Artifact.MASTER_PLAYLIST,
                        null,
                        masterKey,
                        Artifact.HLS_PLAYLIST,
                        master.length));
        Map<String, Object> ready = readyEvent(job, masterKey, renditions, probe);
        run.withinLease(() -> assets.recordLadder(job, artifacts, ready));
        warmer.warm(job.accountId(), job.assetId(), "hls", firstBytes(outputs));
    }

    private static Path directories(Path hls, List<Rendition> renditions) {
        try {
            for (Rendition r : renditions) {
                Files.createDirectories(hls.resolve(r.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hls;
    }

    /** The master playlist and thumbnail, then each rendition's first files. */
    private static List<String> firstBytes(List<RenditionFiles> outputs) {
        List<String> paths =
                new ArrayList<>(
                        List.of(AssetObjectKeys.MASTER_PLAYLIST, AssetObjectKeys.THUMBNAIL));
        outputs.forEach(output -> paths.addAll(output.firstBytes()));
        return paths;
    }

    private Map<String, Object> readyEvent(
            MediaJob job, String masterKey, List<Rendition> renditions, SourceProbe probe) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("master_playlist", masterKey);
        payload.put("renditions", renditions.stream().map(Rendition::name).toList());
        payload.put("duration_ms", probe.durationMillis());
        payload.put("width", probe.width());
        payload.put("height", probe.height());
        payload.put("segment_seconds", settings.segmentSeconds());
        payload.put("has_audio", probe.hasAudio());
        payload.put("job_id", job.id().toString());
        return payload;
    }
}
