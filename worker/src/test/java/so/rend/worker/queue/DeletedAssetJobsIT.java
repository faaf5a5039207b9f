package so.rend.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import so.rend.assetevents.AssetEventType;
import so.rend.worker.MediaTestbed;
import so.rend.worker.media.MediaFailure;

/**
 * The queue's side of a deletion, against a real PostgreSQL: a {@code process_asset} run's fence,
 * heartbeat and reaper all see the deletion; the job ends {@code cancelled} (never failed, and the
 * asset never {@code failed}), with one removal of the asset's objects queued after it.
 */
class DeletedAssetJobsIT {

    private static MediaTestbed testbed;
    private MediaJobQueue queue;

    @BeforeAll
    static void start() {
        testbed = new MediaTestbed();
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @BeforeEach
    void emptyQueue() {
        testbed.jdbc.update(
                "UPDATE rend.media_jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL "
                        + "WHERE state IN ('queued', 'running')");
        queue =
                new MediaJobQueue(
                        testbed.jdbc,
                        testbed.transactions,
                        Duration.ofMillis(300),
                        new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @Test
    void aRunOfADeletedAssetWritesNothingAndIsCancelledWithOneRemovalQueued() {
        UUID assetId = asset();
        MediaJob job = claim(assetId, 5);
        assertThat(queue.heartbeat(job)).isEqualTo(MediaJobQueue.Lease.HELD);

        delete(assetId);

        assertThat(queue.heartbeat(job)).isEqualTo(MediaJobQueue.Lease.ASSET_DELETED);
        assertThatThrownBy(
                        () ->
                                queue.withinLease(
                                        job,
                                        () ->
                                                testbed.jdbc.update(
                                                        "UPDATE rend.assets SET playable_state = 'hls_ready' WHERE id = ?",
                                                        assetId)))
                .isInstanceOf(MediaFailure.class)
                .satisfies(
                        e ->
                                assertThat(((MediaFailure) e).code())
                                        .isEqualTo(MediaFailure.ASSET_DELETED));
        assertThat(testbed.playableState(assetId)).isEqualTo("not_playable");
        // A failure recorded for it would fail the asset: the fence refuses that too.
        assertThatThrownBy(
                        () ->
                                queue.fail(
                                        job,
                                        new MediaFailure(
                                                MediaFailure.ENCODE_FAILED, false, "killed")))
                .isInstanceOf(MediaFailure.class);

        queue.cancelForDeletedAsset(job, "the asset was deleted while the job ran");

        assertThat(testbed.jobState(job.id())).isEqualTo("cancelled");
        assertThat(testbed.events(assetId, AssetEventType.MEDIA_JOB_CANCELLED)).isEqualTo(1);
        assertThat(testbed.events(assetId, AssetEventType.ASSET_FAILED)).isZero();
        assertThat(queuedRemovals(assetId)).isEqualTo(1);
    }

    @Test
    void noSecondRemovalIsQueuedWhileOneStillWaitsOutTheGrace() {
        UUID assetId = asset();
        MediaJob job = claim(assetId, 5);
        delete(assetId);
        testbed.jdbc.update(
                "INSERT INTO rend.media_jobs (id, asset_id, kind, run_after) VALUES (?, ?, 'delete_asset_objects', now() + interval '1 hour')",
                UUID.randomUUID(),
                assetId);

        queue.cancelForDeletedAsset(job, "the asset was deleted while the job ran");

        assertThat(queuedRemovals(assetId)).isEqualTo(1);
    }

    @Test
    void theReaperCancelsAnExpiredRunOfADeletedAssetInsteadOfRetryingOrFailingIt()
            throws InterruptedException {
        UUID assetId = asset();
        // The last attempt: reaping it as an ordinary expired lease would fail the asset.
        MediaJob job = claim(assetId, 1);
        delete(assetId);
        Thread.sleep(400);

        assertThat(queue.reapExpiredLeases()).isEqualTo(1);

        assertThat(testbed.jobState(job.id())).isEqualTo("cancelled");
        assertThat(testbed.events(assetId, AssetEventType.MEDIA_JOB_FAILED)).isZero();
        assertThat(testbed.events(assetId, AssetEventType.ASSET_FAILED)).isZero();
        assertThat(testbed.playableState(assetId)).isEqualTo("not_playable");
        assertThat(queuedRemovals(assetId)).isEqualTo(1);
    }

    private UUID asset() {
        UUID assetId = UUID.randomUUID();
        testbed.jdbc.update(
                """
                INSERT INTO rend.assets (id, account_id, source_state, source_object_key, source_content_type,
                    source_byte_size) VALUES (?, ?, 'uploaded', ?, 'video/mp4', 1)
                """,
                assetId,
                testbed.accountId,
                "sources/" + assetId + "/source");
        return assetId;
    }

    private MediaJob claim(UUID assetId, int maxAttempts) {
        UUID jobId = UUID.randomUUID();
        testbed.jdbc.update(
                "INSERT INTO rend.media_jobs (id, asset_id, kind, max_attempts) VALUES (?, ?, 'process_asset', ?)",
                jobId,
                assetId,
                maxAttempts);
        MediaJob job = queue.claim("worker-under-test").orElseThrow();
        assertThat(job.id()).isEqualTo(jobId);
        return job;
    }

    private static void delete(UUID assetId) {
        testbed.jdbc.update(
                "UPDATE rend.assets SET deleted_at = now(), playable_state = 'not_playable' WHERE id = ?",
                assetId);
    }

    private static int queuedRemovals(UUID assetId) {
        return testbed.jdbc.queryForObject(
                "SELECT count(*) FROM rend.media_jobs WHERE asset_id = ? AND kind = 'delete_asset_objects' AND state = 'queued'",
                Integer.class,
                assetId);
    }
}
