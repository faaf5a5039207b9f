package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import so.rend.assetevents.AssetEventType;
import so.rend.objectstore.ObjectInfo;
import so.rend.worker.MediaTestbed;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.queue.MediaJobQueue;
import so.rend.worker.queue.MediaJobRunner;

/**
 * Crashes and runaway encoders, with the whole worker against embedded PostgreSQL, S3Proxy and the
 * bundled ffmpeg (slowed down to real time by a wrapper script where a test needs a long encode).
 */
class WorkerRecoveryIT {

    private static MediaTestbed testbed;
    @TempDir static Path fixtures;

    @BeforeAll
    static void start() {
        testbed = new MediaTestbed();
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void aWorkerKilledMidJobLeavesALeaseThatAnotherWorkerReclaimsAndFinishesExactlyOnce(
            @TempDir Path scratch) {
        Path source = testbed.fixture(fixtures, "crash.mp4", 640, 360, 6, true);
        Path crashingWorkDir = scratch.resolve("worker-a");
        ConfigurableApplicationContext a =
                testbed.startWorker(
                        Map.of(
                                // The ladder runs at real time (6 s) in this worker, so the crash
                                // lands in the middle of it.
                                "REND_FFMPEG_PATH",
                                        testbed.slowFfmpeg(scratch, "-f hls").toString(),
                                "REND_WORKER_ID", "worker-a",
                                "REND_WORKER_LEASE_SECS", "2",
                                "REND_WORKER_HEARTBEAT_SECS", "500ms",
                                "REND_WORKER_POLL_SECS", "500ms",
                                "REND_WORKER_WORK_DIR", crashingWorkDir.toString()));
        MediaTestbed.Upload upload = testbed.upload(source, 5);
        UUID assetId = upload.assetId();
        MediaTestbed.await(
                "opener_ready",
                Duration.ofSeconds(60),
                () -> "opener_ready".equals(testbed.playableState(assetId)));
        MediaTestbed.await(
                "ladder encoding",
                Duration.ofSeconds(10),
                () -> !processesUnder(crashingWorkDir).isEmpty());

        a.getBean(MediaJobRunner.class).halt();
        a.close();

        assertThat(processesUnder(crashingWorkDir)).isEmpty();
        Map<String, Object> abandoned =
                testbed.jdbc.queryForMap(
                        "SELECT state, lease_owner, attempts FROM rend.media_jobs WHERE id = ?",
                        upload.jobId());
        assertThat(abandoned)
                .containsEntry("state", "running")
                .containsEntry("lease_owner", "worker-a")
                .containsEntry("attempts", 1);
        assertThat(testbed.playableState(assetId)).isEqualTo("opener_ready");

        ConfigurableApplicationContext b =
                testbed.startWorker(
                        Map.of(
                                "REND_WORKER_ID", "worker-b",
                                "REND_WORKER_LEASE_SECS", "2",
                                "REND_WORKER_HEARTBEAT_SECS", "500ms",
                                "REND_WORKER_POLL_SECS", "500ms",
                                "REND_WORKER_WORK_DIR", scratch.resolve("worker-b").toString()));
        try {
            MediaTestbed.await(
                    "succeeded",
                    Duration.ofSeconds(90),
                    () -> "succeeded".equals(testbed.jobState(upload.jobId())));
        } finally {
            b.close();
        }

        assertThat(testbed.playableState(assetId)).isEqualTo("hls_ready");
        assertThat(
                        testbed.jdbc.queryForObject(
                                "SELECT attempts FROM rend.media_jobs WHERE id = ?",
                                Integer.class,
                                upload.jobId()))
                .isEqualTo(2);
        assertThat(testbed.events(assetId, AssetEventType.ASSET_HLS_READY)).isEqualTo(1);
        assertThat(testbed.events(assetId, AssetEventType.ASSET_OPENER_READY)).isEqualTo(1);
        assertThat(testbed.events(assetId, AssetEventType.MEDIA_JOB_SUCCEEDED)).isEqualTo(1);
        assertThat(
                        testbed.jdbc.queryForObject(
                                """
                SELECT payload->>'error_code' FROM rend.asset_events
                WHERE asset_id = ? AND event_type = 'media_job.retry_scheduled'
                """,
                                String.class,
                                assetId))
                .isEqualTo(MediaJobQueue.LEASE_EXPIRED);
        // Exactly one row per key, and the rows and the stored objects are the same set.
        List<String> keys =
                testbed.jdbc.queryForList(
                        "SELECT object_key FROM rend.artifacts WHERE asset_id = ? AND kind <> 'source'",
                        String.class,
                        assetId);
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(keys)
                .containsExactlyInAnyOrderElementsOf(
                        testbed.store
                                .list("videos/" + assetId + "/")
                                .map(ObjectInfo::key)
                                .collectList()
                                .block());
    }

    @Test
    void anFfmpegRunOverTheTimeoutIsKilledWithItsChildrenRetriedOnceThenFailed(
            @TempDir Path scratch) {
        Path source = testbed.fixture(fixtures, "slow.mp4", 320, 240, 6, true);
        Path workDir = scratch.resolve("worker-timeout");
        ConfigurableApplicationContext worker =
                testbed.startWorker(
                        Map.of(
                                // Every ffmpeg run takes real time (the opener alone 4 s), behind a
                                // shell that does not exec it.
                                "REND_FFMPEG_PATH", testbed.slowFfmpeg(scratch, "-i").toString(),
                                "REND_MEDIA_PROCESS_TIMEOUT_SECS", "1",
                                "REND_WORKER_RETRY_BASE_SECS", "200ms",
                                "REND_WORKER_RETRY_MAX_SECS", "400ms",
                                "REND_WORKER_POLL_SECS", "500ms",
                                "REND_WORKER_WORK_DIR", workDir.toString()));
        MediaTestbed.Upload upload;
        try {
            // Five attempts allowed: the second timeout ends the job all the same.
            upload = testbed.upload(source, 5);
            MediaTestbed.await(
                    "failed",
                    Duration.ofSeconds(30),
                    () -> "failed".equals(testbed.jobState(upload.jobId())));
            // Nothing the worker started is still alive: not the shell, not the ffmpeg under it.
            assertThat(processesUnder(workDir)).isEmpty();
        } finally {
            worker.close();
        }

        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT attempts, timeouts, last_error_code, last_error FROM rend.media_jobs WHERE id = ?",
                        upload.jobId());
        assertThat(job)
                .containsEntry("attempts", 2)
                .containsEntry("timeouts", 2)
                .containsEntry("last_error_code", MediaFailure.PROCESS_TIMEOUT);
        assertThat((String) job.get("last_error")).contains("exceeded 1 s and was killed");
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_RETRY_SCHEDULED))
                .isEqualTo(1);
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_FAILED)).isEqualTo(1);
        assertThat(testbed.events(upload.assetId(), AssetEventType.ASSET_FAILED)).isEqualTo(1);
        assertThat(testbed.playableState(upload.assetId())).isEqualTo("failed");
    }

    /**
     * Live processes whose command line mentions {@code dir} (every ffmpeg run names its work
     * files).
     */
    private static List<ProcessHandle> processesUnder(Path dir) {
        String marker = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(
                        p ->
                                p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                                        || p.info()
                                                .arguments()
                                                .map(
                                                        args ->
                                                                String.join(" ", args)
                                                                        .contains(marker))
                                                .orElse(false))
                .toList();
    }
}
