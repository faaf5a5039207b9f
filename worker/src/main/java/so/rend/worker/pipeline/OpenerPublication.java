package so.rend.worker.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.worker.hls.Rendition;
import so.rend.worker.media.EncodingSettings;
import so.rend.worker.media.FfmpegCommands;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.ProcessResult;
import so.rend.worker.media.SourceInput;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.JobRun;
import so.rend.worker.queue.MediaJob;

/**
 * The first publication of an asset: the opener (its first seconds, a whole number of HLS segments,
 * faststart MP4), encoded while ffprobe reads the source, both through a presigned URL when there
 * is one, so neither waits for the download. It is uploaded, recorded ({@code opener_ready}) and
 * warmed on the edges before the ladder starts.
 */
final class OpenerPublication {

    private static final Logger log = LoggerFactory.getLogger(OpenerPublication.class);
    private static final Duration SOURCE_URL_SLACK = Duration.ofMinutes(5);

    private final SourceUrls sourceUrls;
    private final SourceProbing probing;
    private final MediaTools tools;
    private final EncodingSettings settings;
    private final AssetObjects objects;
    private final AssetRepository assets;
    private final EdgeWarmer warmer;

    /**
     * @param sourceUrls presigned source URLs for the opener and probe; {@code null} reads only the
     *     downloaded file (slower to the opener)
     */
    OpenerPublication(
            SourceUrls sourceUrls,
            SourceProbing probing,
            MediaTools tools,
            EncodingSettings settings,
            AssetObjects objects,
            AssetRepository assets,
            EdgeWarmer warmer) {
        this.sourceUrls = sourceUrls;
        this.probing = probing;
        this.tools = tools;
        this.settings = settings;
        this.objects = objects;
        this.assets = assets;
        this.warmer = warmer;
    }

    /** Publishes the opener; returns ffprobe's verdict on the source for the steps after it. */
    SourceProbe publish(JobRun run, SourceDownload download) {
        MediaJob job = run.job();
        long started = System.nanoTime();
        SourceInput input =
                sourceUrls == null
                        ? SourceInput.file(download.await())
                        : SourceInput.url(
                                sourceUrls.get(
                                        download.key(),
                                        run.processes().timeout().plus(SOURCE_URL_SLACK)));
        CompletableFuture<ProcessResult> probeRun = probing.start(run, input);
        Path opener = run.workDir().resolve("opener.mp4");
        ProcessResult encoded;
        try {
            encoded = encode(run, input, opener);
        } finally {
            // Whatever happened to the opener, the probe's verdict on the source comes first.
            probeRun.handle((result, error) -> null).join();
        }
        long openerEncoded = System.nanoTime();
        // The verdict (allow-list, limits) comes before the download: a refused source is never
        // copied to scratch.
        SourceProbe probe = probing.verdict(run, probeRun, input, download);
        download.start();
        run.checkStillOwned();
        if (encoded.exitCode() != 0 && input.remote()) {
            log.warn(
                    "job {}: the opener from the source URL failed, retrying from the downloaded file: {}",
                    job.id(),
                    EncodingStep.redact(encoded.stderrTail(), run.workDir()));
            encoded =
                    encode(
                            run,
                            SourceInput.file(download.await()).pinned(probe.container()),
                            opener);
        }
        if (encoded.exitCode() != 0) {
            throw EncodingStep.failed("opener", encoded, run.workDir());
        }
        record(run, opener, probe);
        warmer.warm(job.accountId(), job.assetId(), "opener", List.of(AssetObjectKeys.OPENER));
        long published = System.nanoTime();
        log.info(
                "job {}: opener_ready {} ms after claim (opener encode {} ms, probe + publish {} ms)",
                job.id(),
                millis(published - started),
                millis(openerEncoded - started),
                millis(published - openerEncoded));
        return probe;
    }

    private ProcessResult encode(JobRun run, SourceInput input, Path opener) {
        return run.processes()
                .run(
                        FfmpegCommands.opener(
                                tools.ffmpeg(),
                                input,
                                settings,
                                probing.limits().maxPixels(),
                                opener),
                        run.workDir(),
                        false);
    }

    private void record(JobRun run, Path opener, SourceProbe probe) {
        MediaJob job = run.job();
        String key = AssetObjectKeys.opener(job.assetId());
        long size = objects.upload(key, Artifact.MP4, opener);
        long mediaMillis = Math.min(probe.durationMillis(), settings.openerSeconds() * 1000L);
        Artifact artifact =
                new Artifact(Artifact.OPENER, null, key, Artifact.MP4, size, mediaMillis);
        Map<String, Object> ready = readyEvent(job, artifact, probe);
        run.withinLease(() -> assets.recordOpener(job, probe, artifact, ready));
    }

    private Map<String, Object> readyEvent(MediaJob job, Artifact opener, SourceProbe probe) {
        Rendition size = FfmpegCommands.openerSize(probe, settings);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("object_key", opener.objectKey());
        payload.put("byte_size", opener.byteSize());
        payload.put("duration_ms", opener.mediaMillis());
        payload.put("width", size.width());
        payload.put("height", size.height());
        payload.put("segments", settings.openerSegments());
        payload.put("job_id", job.id().toString());
        return payload;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
