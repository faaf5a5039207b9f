package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import so.rend.assetevents.AssetEventRecord;
import so.rend.assetevents.AssetEventType;
import so.rend.objectstore.ObjectInfo;
import so.rend.worker.MediaTestbed;

/**
 * An asset deleted while its ladder encodes, on a real worker (embedded PostgreSQL, S3Proxy, the
 * bundled ffmpeg slowed to real time for the ladder): the run stops within moments of the
 * deletion's NOTIFY (its heartbeat is far off), publishes nothing after {@code asset.deleted}, and
 * ends {@code cancelled}; every object and artifact row of the asset is gone, although the
 * deletion's own removal ran while the run was alive.
 */
class DeleteDuringEncodeIT {

    @TempDir static Path fixtures;
    private static MediaTestbed testbed;

    @BeforeAll
    static void start() {
        testbed = new MediaTestbed();
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void aDeletionMidLadderStopsTheRunAndLeavesNoObjectRowOrLaterEvent(@TempDir Path scratch) {
        Path source = testbed.fixture(fixtures, "deleted.mp4", 640, 360, 12, true);
        testbed.startWorker(
                Map.of(
                        "REND_FFMPEG_PATH",
                        testbed.slowFfmpeg(scratch, "-f hls").toString(),
                        // Only the NOTIFY can stop the run promptly: the heartbeat is 20 s away.
                        "REND_WORKER_LEASE_SECS",
                        "60",
                        "REND_WORKER_HEARTBEAT_SECS",
                        "20",
                        "REND_WORKER_WORK_DIR",
                        scratch.resolve("work").toString()));
        MediaTestbed.Upload upload = testbed.upload(source, 5);
        UUID assetId = upload.assetId();
        MediaTestbed.await(
                "opener_ready",
                Duration.ofSeconds(60),
                () -> "opener_ready".equals(testbed.playableState(assetId)));
        // The ladder encodes (the opener, thumbnail and source are stored): the removal below runs
        // at once (no grace), while the run is still alive.
        MediaTestbed.await(
                "the ladder encoding",
                Duration.ofSeconds(30),
                () -> !processesUnderway(scratch.resolve("work")).isEmpty());

        long deletedAt = System.nanoTime();
        deleteAsTheApiDoes(assetId);
        MediaTestbed.await(
                "the job cancelled",
                Duration.ofSeconds(10),
                () -> "cancelled".equals(testbed.jobState(upload.jobId())));
        long stopMillis = (System.nanoTime() - deletedAt) / 1_000_000;
        System.out.println("delete -> job cancelled: " + stopMillis + " ms");
        assertThat(stopMillis).isLessThan(5_000);

        MediaTestbed.await(
                "every object and artifact row removed",
                Duration.ofSeconds(30),
                () -> objectsOf(assetId).isEmpty() && artifactRows(assetId) == 0);
        MediaTestbed.await(
                "no job left for the asset",
                Duration.ofSeconds(30),
                () ->
                        testbed.jdbc.queryForObject(
                                        "SELECT count(*) FROM rend.media_jobs WHERE asset_id = ? AND state IN ('queued', 'running')",
                                        Integer.class,
                                        assetId)
                                == 0);
        assertThat(objectsOf(assetId)).isEmpty();
        assertThat(
                        testbed.store
                                .pendingMultipartUploads("videos/" + assetId + "/")
                                .collectList()
                                .block())
                .isEmpty();
        assertThat(eventsAfterDeletion(assetId))
                .doesNotContain(
                        AssetEventType.ASSET_OPENER_READY.wireName(),
                        AssetEventType.ASSET_HLS_READY.wireName(),
                        AssetEventType.ASSET_EDGE_WARMED.wireName(),
                        AssetEventType.ASSET_FAILED.wireName())
                .contains(AssetEventType.MEDIA_JOB_CANCELLED.wireName());
        assertThat(testbed.playableState(assetId)).isEqualTo("not_playable");
        assertThat(testbed.events(assetId, AssetEventType.ASSET_HLS_READY)).isZero();
    }

    /**
     * What the API's delete does in its transaction (its own tests cover it): lock the row, mark it
     * deleted, cancel queued jobs, record {@code asset.deleted}, queue the removal (no grace).
     */
    private static void deleteAsTheApiDoes(UUID assetId) {
        testbed.transactions.executeWithoutResult(
                status -> {
                    testbed.jdbc.queryForList(
                            "SELECT deleted_at FROM rend.assets WHERE id = ? FOR UPDATE", assetId);
                    testbed.jdbc.update(
                            "UPDATE rend.assets SET deleted_at = now(), playable_state = 'not_playable' WHERE id = ?",
                            assetId);
                    testbed.jdbc.update(
                            "UPDATE rend.media_jobs SET state = 'cancelled', finished_at = now() WHERE asset_id = ? AND state = 'queued'",
                            assetId);
                    new NamedParameterJdbcTemplate(testbed.jdbc)
                            .update(
                                    AssetEventRecord.INSERT,
                                    AssetEventRecord.of(
                                                    testbed.accountId,
                                                    assetId,
                                                    AssetEventType.ASSET_DELETED,
                                                    Map.of())
                                            .parameters());
                    testbed.jdbc.update(
                            "INSERT INTO rend.media_jobs (id, asset_id, kind) VALUES (?, ?, 'delete_asset_objects')",
                            UUID.randomUUID(),
                            assetId);
                });
    }

    private static List<String> eventsAfterDeletion(UUID assetId) {
        return testbed.jdbc.queryForList(
                """
                SELECT event_type FROM rend.asset_events
                WHERE asset_id = ? AND sequence > (
                    SELECT sequence FROM rend.asset_events WHERE asset_id = ? AND event_type = 'asset.deleted')
                ORDER BY sequence
                """,
                String.class,
                assetId,
                assetId);
    }

    private static List<String> objectsOf(UUID assetId) {
        List<String> keys =
                new ArrayList<>(
                        testbed.store
                                .list("videos/" + assetId + "/")
                                .map(ObjectInfo::key)
                                .collectList()
                                .block());
        keys.addAll(
                testbed.store
                        .list("sources/" + assetId + "/")
                        .map(ObjectInfo::key)
                        .collectList()
                        .block());
        return keys;
    }

    private static int artifactRows(UUID assetId) {
        return testbed.jdbc.queryForObject(
                "SELECT count(*) FROM rend.artifacts WHERE asset_id = ?", Integer.class, assetId);
    }

    private static List<ProcessHandle> processesUnderway(Path workRoot) {
        String root = workRoot.toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(root)).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains("-f hls")).orElse(false))
                .toList();
    }
}
