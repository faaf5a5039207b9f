package so.rend.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Flux;
import so.rend.assetevents.AssetEventType;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.objectstore.ObjectNotFoundException;
import so.rend.objectstore.ObjectStore;
import so.rend.worker.hls.Bandwidth;
import so.rend.worker.hls.CodecStrings;
import so.rend.worker.hls.HlsLadder;
import so.rend.worker.hls.MasterPlaylist;
import so.rend.worker.hls.MediaPlaylist;
import so.rend.worker.hls.Rendition;
import so.rend.worker.hls.VariantStream;
import so.rend.worker.media.EncodingSettings;
import so.rend.worker.media.FfmpegCommands;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.MediaTools;
import so.rend.worker.media.ProbeParser;
import so.rend.worker.media.ProcessResult;
import so.rend.worker.media.SourceProbe;
import so.rend.worker.queue.AssetEventLog;
import so.rend.worker.queue.JobProcessor;
import so.rend.worker.queue.JobRun;
import so.rend.worker.queue.MediaJob;

/**
 * The media pipeline of one asset: probe, opener (published first), thumbnail, HLS ladder from one
 * decode, master playlist. Every step overwrites the same keys and upserts the same rows, so a run
 * after a crash converges on the same result; asset state changes happen at most once, each with
 * its lifecycle event, in the transaction that makes them.
 */
public final class AssetPipeline implements JobProcessor {

    private static final Logger log = LoggerFactory.getLogger(AssetPipeline.class);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(10);
    private static final int UPLOAD_CONCURRENCY = 8;

    /** Segments per rendition placed on the edges when the ladder is published. */
    private static final int WARM_SEGMENTS = 2;

    private static final Duration SOURCE_URL_SLACK = Duration.ofMinutes(5);

    private final ObjectStore store;
    private final SourceUrls sourceUrls;
    private final MediaTools tools;
    private final EncodingSettings settings;
    private final Executor helpers;
    private final AssetEventLog events;

    /**
     * @param sourceUrls presigned source URLs for the opener and probe; {@code null} reads only the
     *     downloaded file (slower to the opener)
     */
    private final EdgeWarmer warmer;

    public AssetPipeline(
            ObjectStore store,
            SourceUrls sourceUrls,
            MediaTools tools,
            EncodingSettings settings,
            EdgeWarmer warmer,
            AssetEventLog events) {
        this.warmer = warmer;
        this.events = events;
        this.store = store;
        this.sourceUrls = sourceUrls;
        this.tools = tools;
        this.settings = settings;
        this.helpers =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "rend-media-probe");
                            t.setDaemon(true);
                            return t;
                        });
    }

    @Override
    public void process(JobRun run) {
        switch (run.job().kind()) {
            case MediaJob.PROCESS_ASSET -> processAsset(run);
            case MediaJob.DELETE_ASSET_OBJECTS -> deleteAssetObjects(run);
            default ->
                    throw new MediaFailure(
                            MediaFailure.INTERNAL, false, "unknown job kind " + run.job().kind());
        }
    }

    private record AssetRow(String sourceKey, boolean deleted) {}

    private void processAsset(JobRun run) {
        MediaJob job = run.job();
        UUID assetId = job.assetId();
        AssetRow asset =
                run.withinLease(
                        tx ->
                                tx.queryForObject(
                                        "SELECT source_object_key, deleted_at IS NOT NULL AS deleted FROM rend.assets WHERE id = ?",
                                        (rs, i) -> new AssetRow(rs.getString(1), rs.getBoolean(2)),
                                        assetId));
        if (asset.deleted()) {
            log.info("asset {} was deleted before processing; nothing to do", assetId);
            return;
        }
        // The opener is cut from the first seconds read through a presigned URL; the whole source
        // comes
        // down afterwards for the ladder, so the download does not compete with the opener for CPU.
        long started = System.nanoTime();
        Path source = run.workDir().resolve("source");
        SourceDownload download = new SourceDownload(asset.sourceKey(), source);
        try {
            String input =
                    sourceUrls == null
                            ? download.await().toString()
                            : sourceUrls.get(
                                    asset.sourceKey(),
                                    run.processes().timeout().plus(SOURCE_URL_SLACK));
            CompletableFuture<ProcessResult> probeRun =
                    CompletableFuture.supplyAsync(
                            () ->
                                    run.processes()
                                            .run(
                                                    FfmpegCommands.probe(tools.ffprobe(), input),
                                                    run.workDir(),
                                                    true),
                            helpers);
            Path opener = run.workDir().resolve("opener.mp4");
            ProcessResult openerRun;
            try {
                openerRun =
                        run.processes()
                                .run(
                                        FfmpegCommands.opener(
                                                tools.ffmpeg(), input, settings, opener),
                                        run.workDir(),
                                        false);
            } finally {
                // Whatever happened to the opener, the probe's verdict on the source comes first.
                probeRun.handle((result, error) -> null).join();
            }
            long openerEncoded = System.nanoTime();
            download.start();
            SourceProbe probe = probe(run, probeRun, download, source);
            run.checkStillOwned();
            if (openerRun.exitCode() != 0 && !input.equals(source.toString())) {
                log.warn(
                        "job {}: the opener from the source URL failed, retrying from the downloaded file: {}",
                        job.id(),
                        redact(openerRun.stderrTail(), run.workDir()));
                download.await();
                openerRun =
                        run.processes()
                                .run(
                                        FfmpegCommands.opener(
                                                tools.ffmpeg(),
                                                source.toString(),
                                                settings,
                                                opener),
                                        run.workDir(),
                                        false);
            }
            if (openerRun.exitCode() != 0) {
                throw new MediaFailure(
                        MediaFailure.ENCODE_FAILED,
                        true,
                        "ffmpeg (opener) exited with "
                                + openerRun.exitCode()
                                + ": "
                                + redact(openerRun.stderrTail(), run.workDir()));
            }
            publishOpener(run, opener, probe);
            warmer.warm(job.accountId(), assetId, "opener", List.of("opener.mp4"));
            long openerPublished = System.nanoTime();
            log.info(
                    "job {}: opener_ready {} ms after claim (opener encode {} ms, probe + publish {} ms)",
                    job.id(),
                    millis(openerPublished - started),
                    millis(openerEncoded - started),
                    millis(openerPublished - openerEncoded));

            download.await();
            run.checkStillOwned();
            long downloaded = System.nanoTime();
            publishThumbnail(run, source, probe);
            long thumbnailed = System.nanoTime();
            List<String> firstBytes = publishLadder(run, source, probe);
            warmer.warm(job.accountId(), assetId, "hls", firstBytes);
            log.info(
                    "job {}: hls_ready {} ms after claim (download wait {} ms, thumbnail {} ms, ladder + publish {} ms)",
                    job.id(),
                    millis(System.nanoTime() - started),
                    millis(downloaded - openerPublished),
                    millis(thumbnailed - downloaded),
                    millis(System.nanoTime() - thumbnailed));
        } finally {
            download.cancel();
        }
    }

    /** The source's download to local scratch space, started at most once, when first needed. */
    private final class SourceDownload {
        private final String key;
        private final Path file;
        private CompletableFuture<Path> future;

        SourceDownload(String key, Path file) {
            this.key = key;
            this.file = file;
        }

        synchronized void start() {
            if (future == null) {
                future = store.getToFile(key, file).toFuture();
            }
        }

        Path await() {
            start();
            try {
                return future.get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MediaFailure(
                        MediaFailure.INTERNAL, true, "interrupted while downloading the source");
            } catch (TimeoutException e) {
                throw new MediaFailure(
                        MediaFailure.STORAGE_ERROR,
                        true,
                        "downloading the source took over " + STORE_TIMEOUT);
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

        synchronized void cancel() {
            if (future != null) {
                future.cancel(true);
            }
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * The probe result; when ffprobe could not read the source URL, the downloaded file decides
     * whether the source is really not a video, or the read (or the store) was the problem.
     */
    private SourceProbe probe(
            JobRun run,
            CompletableFuture<ProcessResult> probeRun,
            SourceDownload download,
            Path source) {
        ProcessResult result;
        try {
            result = probeRun.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (result.exitCode() != 0 && sourceUrls != null) {
            download.await();
            result =
                    run.processes()
                            .run(
                                    FfmpegCommands.probe(tools.ffprobe(), source.toString()),
                                    run.workDir(),
                                    true);
        }
        if (result.exitCode() != 0) {
            throw new MediaFailure(
                    MediaFailure.SOURCE_NOT_VIDEO,
                    false,
                    "ffprobe could not read the source: "
                            + redact(result.stderrTail(), run.workDir()));
        }
        return ProbeParser.parse(result.stdout());
    }

    private void publishOpener(JobRun run, Path opener, SourceProbe probe) {
        MediaJob job = run.job();
        String key = AssetObjectKeys.opener(job.assetId());
        long size = upload(key, Artifact.MP4, opener);
        Rendition openerSize = FfmpegCommands.openerSize(probe, settings);
        long openerMillis = Math.min(probe.durationMillis(), settings.openerSeconds() * 1000L);
        run.withinLease(
                tx -> {
                    recordProbe(tx, job.assetId(), probe);
                    ArtifactRows.upsert(
                            tx,
                            job.assetId(),
                            List.of(new Artifact(Artifact.OPENER, null, key, Artifact.MP4, size)));
                    int changed =
                            tx.update(
                                    """
                    UPDATE rend.assets SET playable_state = 'opener_ready', updated_at = now()
                    WHERE id = ? AND playable_state = 'not_playable'
                    """,
                                    job.assetId());
                    if (changed == 1) {
                        Map<String, Object> payload = new LinkedHashMap<>();
                        payload.put("object_key", key);
                        payload.put("byte_size", size);
                        payload.put("duration_ms", openerMillis);
                        payload.put("width", openerSize.width());
                        payload.put("height", openerSize.height());
                        payload.put("segments", settings.openerSegments());
                        payload.put("job_id", job.id().toString());
                        events.append(
                                job.accountId(),
                                job.assetId(),
                                AssetEventType.ASSET_OPENER_READY,
                                payload);
                    }
                    return null;
                });
    }

    private static void recordProbe(JdbcTemplate tx, UUID assetId, SourceProbe probe) {
        tx.update(
                """
                UPDATE rend.assets SET duration_ms = ?, width = ?, height = ?, video_codec = ?, audio_codec = ?,
                    probe = ?::jsonb, updated_at = now()
                WHERE id = ?
                """,
                probe.durationMillis(),
                probe.width(),
                probe.height(),
                probe.videoCodec(),
                probe.audioCodec(),
                probe.json(),
                assetId);
    }

    private void publishThumbnail(JobRun run, Path source, SourceProbe probe) {
        MediaJob job = run.job();
        Path thumbnail = run.workDir().resolve("thumbnail.jpg");
        encode(
                run,
                FfmpegCommands.thumbnail(tools.ffmpeg(), source, probe, settings, thumbnail),
                "thumbnail");
        String key = AssetObjectKeys.thumbnail(job.assetId());
        long size = upload(key, Artifact.JPEG, thumbnail);
        run.withinLease(
                tx -> {
                    ArtifactRows.upsert(
                            tx,
                            job.assetId(),
                            List.of(
                                    new Artifact(
                                            Artifact.THUMBNAIL, null, key, Artifact.JPEG, size)));
                    return null;
                });
    }

    /**
     * Encodes and publishes the ladder; returns the artifacts a player fetches first (to warm edges
     * with).
     */
    private List<String> publishLadder(JobRun run, Path source, SourceProbe probe) {
        MediaJob job = run.job();
        UUID assetId = job.assetId();
        List<Rendition> renditions = HlsLadder.choose(probe.width(), probe.height());
        Path hls = run.workDir().resolve("hls");
        try {
            for (Rendition r : renditions) {
                Files.createDirectories(hls.resolve(r.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        encode(
                run,
                FfmpegCommands.ladder(tools.ffmpeg(), source, probe, renditions, settings, hls),
                "ladder");

        List<Artifact> artifacts = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<VariantStream> variants = new ArrayList<>();
        List<String> firstBytes = new ArrayList<>(List.of("hls/master.m3u8", "thumbnail.jpg"));
        for (Rendition r : renditions) {
            Path dir = hls.resolve(r.name());
            MediaPlaylist playlist = MediaPlaylist.parse(read(dir.resolve("index.m3u8")));
            if (playlist.initUri() == null || playlist.segments().isEmpty()) {
                throw new MediaFailure(
                        MediaFailure.ENCODE_FAILED,
                        true,
                        "rendition " + r.name() + " has no segments");
            }
            Path init = dir.resolve(playlist.initUri());
            firstBytes.add("hls/" + r.name() + "/index.m3u8");
            firstBytes.add("hls/" + r.name() + "/" + playlist.initUri());
            playlist.segments().stream()
                    .limit(WARM_SEGMENTS)
                    .forEach(segment -> firstBytes.add("hls/" + r.name() + "/" + segment.uri()));
            List<Bandwidth.SizedSegment> sized = new ArrayList<>();
            for (MediaPlaylist.Segment segment : playlist.segments()) {
                Path file = dir.resolve(segment.uri());
                long bytes = size(file);
                sized.add(new Bandwidth.SizedSegment(bytes, segment.durationSeconds()));
                artifacts.add(
                        new Artifact(
                                Artifact.MEDIA_SEGMENT,
                                r.name(),
                                AssetObjectKeys.renditionFile(assetId, r.name(), segment.uri()),
                                Artifact.MP4,
                                bytes));
                files.add(file);
            }
            long initBytes = size(init);
            artifacts.add(
                    new Artifact(
                            Artifact.INIT_SEGMENT,
                            r.name(),
                            AssetObjectKeys.renditionFile(assetId, r.name(), playlist.initUri()),
                            Artifact.MP4,
                            initBytes));
            files.add(init);
            artifacts.add(
                    new Artifact(
                            Artifact.MEDIA_PLAYLIST,
                            r.name(),
                            AssetObjectKeys.renditionFile(assetId, r.name(), "index.m3u8"),
                            Artifact.HLS_PLAYLIST,
                            size(dir.resolve("index.m3u8"))));
            files.add(dir.resolve("index.m3u8"));

            String codecs =
                    CodecStrings.avc1FromInitSegment(readBytes(init))
                            + (probe.hasAudio() ? "," + CodecStrings.AAC_LC : "");
            variants.add(
                    new VariantStream(
                            r.name() + "/index.m3u8",
                            Bandwidth.peakBitsPerSecond(initBytes, sized),
                            Bandwidth.averageBitsPerSecond(initBytes, sized),
                            r.width(),
                            r.height(),
                            codecs,
                            probe.frameRate()));
        }
        run.checkStillOwned();
        uploadAll(artifacts, files);

        // The master goes up last: once it is readable, everything it points at is too.
        byte[] master = MasterPlaylist.render(variants).getBytes(StandardCharsets.UTF_8);
        String masterKey = AssetObjectKeys.masterPlaylist(assetId);
        putBytes(masterKey, Artifact.HLS_PLAYLIST, master);
        artifacts.add(
                new Artifact(
                        Artifact.MASTER_PLAYLIST,
                        null,
                        masterKey,
                        Artifact.HLS_PLAYLIST,
                        master.length));

        run.withinLease(
                tx -> {
                    ArtifactRows.upsert(tx, assetId, artifacts);
                    int changed =
                            tx.update(
                                    """
                    UPDATE rend.assets SET playable_state = 'hls_ready', failure_code = NULL, failure_message = NULL,
                        updated_at = now()
                    WHERE id = ? AND playable_state IN ('not_playable', 'opener_ready')
                    """,
                                    assetId);
                    if (changed == 1) {
                        Map<String, Object> payload = new LinkedHashMap<>();
                        payload.put("master_playlist", masterKey);
                        payload.put(
                                "renditions", renditions.stream().map(Rendition::name).toList());
                        payload.put("duration_ms", probe.durationMillis());
                        payload.put("width", probe.width());
                        payload.put("height", probe.height());
                        payload.put("segment_seconds", settings.segmentSeconds());
                        payload.put("has_audio", probe.hasAudio());
                        payload.put("job_id", job.id().toString());
                        events.append(
                                job.accountId(), assetId, AssetEventType.ASSET_HLS_READY, payload);
                    }
                    return null;
                });
        return firstBytes;
    }

    private void deleteAssetObjects(JobRun run) {
        MediaJob job = run.job();
        long deleted;
        try {
            deleted =
                    store.deletePrefix(AssetObjectKeys.videoPrefix(job.assetId()))
                                    .block(STORE_TIMEOUT)
                            + store.deletePrefix(AssetObjectKeys.sourcePrefix(job.assetId()))
                                    .block(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR,
                    true,
                    "deleting the asset's objects failed: " + e,
                    e);
        }
        run.withinLease(
                tx -> {
                    tx.update("DELETE FROM rend.artifacts WHERE asset_id = ?", job.assetId());
                    events.append(
                            job.accountId(),
                            job.assetId(),
                            AssetEventType.ASSET_OBJECTS_DELETED,
                            Map.of("deleted_objects", deleted, "job_id", job.id().toString()));
                    return null;
                });
    }

    private void encode(JobRun run, List<String> command, String step) {
        run.checkStillOwned();
        ProcessResult result = run.processes().run(command, run.workDir(), false);
        run.checkStillOwned();
        if (result.exitCode() != 0) {
            throw new MediaFailure(
                    MediaFailure.ENCODE_FAILED,
                    true,
                    "ffmpeg ("
                            + step
                            + ") exited with "
                            + result.exitCode()
                            + ": "
                            + redact(result.stderrTail(), run.workDir()));
        }
        log.debug("job {} {} encoded in {} ms", run.job().id(), step, result.elapsedMillis());
    }

    /** ffmpeg's stderr without the worker's local paths (the runner already took out URLs). */
    static String redact(String stderr, Path workDir) {
        return stderr.replace(workDir.toString() + "/", "").strip();
    }

    private long upload(String key, String contentType, Path file) {
        try {
            return store.putFile(key, contentType, file).block(STORE_TIMEOUT).byteSize();
        } catch (RuntimeException e) {
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR, true, "uploading " + key + " failed: " + e, e);
        }
    }

    private void putBytes(String key, String contentType, byte[] bytes) {
        try {
            store.putBytes(key, contentType, bytes).block(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR, true, "uploading " + key + " failed: " + e, e);
        }
    }

    private void uploadAll(List<Artifact> artifacts, List<Path> files) {
        try {
            Flux.range(0, files.size())
                    .flatMap(
                            i ->
                                    store.putFile(
                                            artifacts.get(i).objectKey(),
                                            artifacts.get(i).contentType(),
                                            files.get(i)),
                            UPLOAD_CONCURRENCY)
                    .then()
                    .block(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new MediaFailure(
                    MediaFailure.STORAGE_ERROR, true, "uploading the HLS ladder failed: " + e, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new MediaFailure(
                    MediaFailure.ENCODE_FAILED, true, "ffmpeg did not write " + file.getFileName());
        }
    }

    private static String read(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MediaFailure(
                    MediaFailure.ENCODE_FAILED, true, "ffmpeg did not write " + file.getFileName());
        }
    }
}
