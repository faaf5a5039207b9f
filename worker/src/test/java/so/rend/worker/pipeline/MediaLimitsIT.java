package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import so.rend.assetevents.AssetEventType;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.worker.MediaTestbed;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.ProbeParser;
import so.rend.worker.media.SourceProbe;

/**
 * The worker's bounds on media work, on the whole worker against embedded PostgreSQL, S3Proxy and
 * the bundled ffmpeg (run through a wrapper that records every ffmpeg run and its exit): sources
 * over REND_MAX_SOURCE_SECONDS, REND_MAX_SOURCE_PIXELS or REND_MAX_SOURCE_FPS fail with {@code
 * source_too_large} after one attempt and before any encode, and a worker short of scratch space
 * puts the job back instead of failing the asset.
 */
class MediaLimitsIT {

    private static final Logger log = LoggerFactory.getLogger(MediaLimitsIT.class);

    private static MediaTestbed testbed;
    @TempDir static Path dir;
    private static Path ffmpegRuns;
    private static Path recordingFfmpeg;
    private ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() throws IOException {
        testbed = new MediaTestbed();
        ffmpegRuns = dir.resolve("ffmpeg-runs.log");
        recordingFfmpeg = dir.resolve("recording-ffmpeg.sh");
        Files.writeString(
                recordingFfmpeg,
                "#!/bin/sh\necho \"run $*\" >> '"
                        + ffmpegRuns
                        + "'\n'"
                        + testbed.tools.ffmpeg()
                        + "' \"$@\"\nrc=$?\necho \"exit $rc\" >> '"
                        + ffmpegRuns
                        + "'\nexit $rc\n");
        Files.setPosixFilePermissions(
                recordingFfmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @AfterEach
    void stopWorker() throws IOException {
        if (worker != null) {
            worker.close();
        }
        testbed.jdbc.update(
                "UPDATE rend.media_jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL "
                        + "WHERE state IN ('queued', 'running')");
        Files.deleteIfExists(ffmpegRuns);
    }

    @Test
    void halfAnHourOf8kAt120FpsIsRefusedWithSourceTooLargeWithoutEncoding() throws IOException {
        Path source = sparse8k();
        SourceProbe probed = ProbeParser.parse(testbed.probe(source));
        assertThat(probed.durationMillis()).isEqualTo(1_800_000);
        assertThat(probed.width()).isEqualTo(7680);
        assertThat(probed.height()).isEqualTo(4320);
        assertThat(probed.frameRate()).isEqualTo(120.0);
        worker = startWorker(Map.of()); // the default limits

        MediaTestbed.Upload upload = testbed.upload(source, "video/x-matroska", 5);
        MediaTestbed.await(
                "the job to fail",
                Duration.ofSeconds(60),
                () -> "failed".equals(testbed.jobState(upload.jobId())));

        assertRefused(upload, "7680x4320, 33177600 pixels a frame (at most 8847360)");
        long refusedInMillis =
                testbed.jdbc.queryForObject(
                        """
                        SELECT (extract(epoch FROM f.created_at - s.created_at) * 1000)::bigint
                        FROM rend.asset_events s, rend.asset_events f
                        WHERE s.asset_id = ? AND f.asset_id = s.asset_id
                          AND s.event_type = 'media_job.started' AND f.event_type = 'media_job.failed'
                        """,
                        Long.class,
                        upload.assetId());
        log.info("30 min 8K 120 fps source refused {} ms after its claim", refusedInMillis);
        assertThat(refusedInMillis).isLessThan(5000);
        // One ffmpeg run at most: the opener started beside the probe, whose decoder refused the
        // first 8K frame (-max_pixels) or which the probe's verdict killed. No thumbnail, no
        // ladder.
        List<String> runs = Files.readAllLines(ffmpegRuns);
        // (Only the exits are logged: a run's arguments hold the presigned source URL.)
        log.info(
                "ffmpeg runs: {}, exits: {}",
                runs.stream().filter(l -> l.startsWith("run ")).count(),
                runs.stream().filter(l -> l.startsWith("exit ")).toList());
        assertThat(runs.stream().filter(l -> l.startsWith("run "))).hasSizeLessThanOrEqualTo(1);
        assertThat(runs).noneMatch(l -> l.contains("hls") || l.contains("image2"));
        assertThat(runs).noneMatch(l -> l.equals("exit 0"));
    }

    @Test
    void eachLimitRefusesASourceOverItAloneAndASourceAtEveryLimitIsPublished() {
        worker =
                startWorker(
                        Map.of(
                                "REND_MAX_SOURCE_SECONDS", "3",
                                "REND_MAX_SOURCE_PIXELS", Integer.toString(320 * 240),
                                "REND_MAX_SOURCE_FPS", "30"));
        MediaTestbed.Upload tooLong = testbed.upload(clip("long.mp4", 320, 240, 30, 4), 5);
        MediaTestbed.Upload tooWide = testbed.upload(clip("wide.mp4", 352, 240, 30, 2), 5);
        MediaTestbed.Upload tooFast = testbed.upload(clip("fast.mp4", 320, 240, 60, 2), 5);
        MediaTestbed.Upload atLimits = testbed.upload(clip("fits.mp4", 320, 240, 30, 3), 5);

        MediaTestbed.await(
                "all four jobs to finish",
                Duration.ofSeconds(120),
                () ->
                        List.of(tooLong, tooWide, tooFast, atLimits).stream()
                                .map(u -> testbed.jobState(u.jobId()))
                                .allMatch(s -> s.equals("failed") || s.equals("succeeded")));

        assertRefused(tooLong, "4.0 s long (at most 3 s)");
        assertRefused(tooWide, "352x240, 84480 pixels a frame (at most 76800)");
        assertRefused(tooFast, "60.000 frames a second (at most 30)");
        assertThat(failureMessage(tooLong)).doesNotContain("pixels", "frames a second");
        assertThat(failureMessage(tooWide)).doesNotContain("s long", "frames a second");
        assertThat(failureMessage(tooFast)).doesNotContain("s long", "pixels");
        assertThat(testbed.jobState(atLimits.jobId())).isEqualTo("succeeded");
        assertThat(testbed.playableState(atLimits.assetId())).isEqualTo("hls_ready");
    }

    @Test
    void aWorkerShortOfScratchSpacePutsTheJobBackAndItIsProcessedOnceThereIsRoom() {
        Path source = clip("small.mp4", 320, 240, 30, 2);
        worker =
                startWorker(
                        Map.of(
                                "REND_WORKER_SCRATCH_RESERVE_BYTES",
                                Long.toString(1L << 60),
                                "REND_WORKER_RETRY_BASE_SECS",
                                "1"));
        MediaTestbed.Upload upload = testbed.upload(source, 5);

        MediaTestbed.await(
                "the job to be put back",
                Duration.ofSeconds(30),
                () ->
                        testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_RETRY_SCHEDULED)
                                >= 2);
        worker.close();
        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT state, attempts, deferrals, last_error_code FROM rend.media_jobs WHERE id = ?",
                        upload.jobId());
        assertThat(job)
                .containsEntry("state", "queued")
                .containsEntry("attempts", 0)
                .containsEntry(
                        "deferrals",
                        testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_RETRY_SCHEDULED))
                .containsEntry("last_error_code", MediaFailure.SCRATCH_SPACE_LOW);
        // Deferrals back off like retries (1 s base here): the first within 0.5-1 s, the next 1-2
        // s.
        List<Long> delays =
                testbed.jdbc.queryForList(
                        """
                        SELECT (payload->>'retry_in_ms')::bigint FROM rend.asset_events
                        WHERE asset_id = ? AND event_type = 'media_job.retry_scheduled'
                        ORDER BY sequence
                        """,
                        Long.class,
                        upload.assetId());
        assertThat(delays.get(0)).isBetween(500L, 1000L);
        assertThat(delays.get(1)).isBetween(1000L, 2000L);
        assertThat(testbed.playableState(upload.assetId())).isEqualTo("not_playable");
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_FAILED)).isZero();
        assertThat(videoObjects(upload.assetId())).isZero();

        worker = startWorker(Map.of());
        MediaTestbed.await(
                "hls_ready once there is room",
                Duration.ofSeconds(60),
                () -> "hls_ready".equals(testbed.playableState(upload.assetId())));
        assertThat(
                        testbed.jdbc.queryForObject(
                                "SELECT attempts FROM rend.media_jobs WHERE id = ?",
                                Integer.class,
                                upload.jobId()))
                .isEqualTo(1);
    }

    private ConfigurableApplicationContext startWorker(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("REND_WORKER_POLL_SECS", "1");
        properties.put("REND_FFMPEG_PATH", recordingFfmpeg.toString());
        return testbed.startWorker(properties);
    }

    private static void assertRefused(MediaTestbed.Upload upload, String why) {
        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT state, attempts, last_error_code FROM rend.media_jobs WHERE id = ?",
                        upload.jobId());
        assertThat(job)
                .containsEntry("state", "failed")
                .containsEntry("attempts", 1)
                .containsEntry("last_error_code", MediaFailure.SOURCE_TOO_LARGE);
        Map<String, Object> asset =
                testbed.jdbc.queryForMap(
                        "SELECT playable_state, failure_code FROM rend.assets WHERE id = ?",
                        upload.assetId());
        assertThat(asset)
                .containsEntry("playable_state", "failed")
                .containsEntry("failure_code", MediaFailure.SOURCE_TOO_LARGE);
        assertThat(failureMessage(upload)).contains(why);
        assertThat(
                        testbed.jdbc.queryForObject(
                                """
                                SELECT payload->>'error_code' FROM rend.asset_events
                                WHERE asset_id = ? AND event_type = 'asset.failed'
                                """,
                                String.class,
                                upload.assetId()))
                .isEqualTo(MediaFailure.SOURCE_TOO_LARGE);
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_RETRY_SCHEDULED))
                .isZero();
        assertThat(testbed.events(upload.assetId(), AssetEventType.ASSET_OPENER_READY)).isZero();
        assertThat(videoObjects(upload.assetId())).isZero();
        assertThat(
                        testbed.jdbc.queryForObject(
                                "SELECT count(*) FROM rend.artifacts WHERE asset_id = ? AND kind <> 'source'",
                                Integer.class,
                                upload.assetId()))
                .isZero();
    }

    private static String failureMessage(MediaTestbed.Upload upload) {
        return testbed.jdbc.queryForObject(
                "SELECT failure_message FROM rend.assets WHERE id = ?",
                String.class,
                upload.assetId());
    }

    private static long videoObjects(UUID assetId) {
        return testbed.store.list(AssetObjectKeys.videoPrefix(assetId)).count().block();
    }

    /**
     * 30 min of 8K (7680x4320) at 120 fps in a few kilobytes: two solid blue H.264 frames in
     * Matroska, the first at 0 s and the second moved to the last frame slot (1799.992 s), with the
     * track's frame duration 1/120 s. ffprobe reports 1800 s, 7680x4320 and 120 fps, as the worker
     * sees them; decoded, it is 30 minutes of blue, and a constant-rate encode of it would make
     * 216,000 frames per rendition. (A stream with every frame coded costs minutes of 8K encoding
     * and about 180 MB even at one IDR frame a second.)
     */
    private static Path sparse8k() {
        Path twoFrames = dir.resolve("two-frames.mkv");
        Path source = dir.resolve("8k-120fps-30min.mkv");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "color=c=blue:s=7680x4320:r=120",
                "-frames:v",
                "2",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-crf",
                "51",
                twoFrames.toString());
        ffmpeg(
                "-i",
                twoFrames.toString(),
                "-c",
                "copy",
                "-bsf:v",
                "setts=ts='if(eq(N,0),TS,(1800-1/120)/TB)'",
                source.toString());
        return source;
    }

    private static Path clip(String name, int width, int height, int fps, int seconds) {
        return testbed.fixture(dir, name, width, height, fps, seconds, true);
    }

    private static void ffmpeg(String... args) {
        testbed.ffmpeg(dir, List.of(args));
    }
}
