package so.rend.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.assetevents.AssetEventType;
import so.rend.database.DatabaseUrl;
import so.rend.database.PostgresPool;
import so.rend.worker.MediaTestbed;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.MediaProcessRunner;

/**
 * The queue's guarantees against a real PostgreSQL (embedded), with test processors standing in for
 * the pipeline, since the queue is what is under test here.
 */
class MediaJobQueueIT {

    private static MediaTestbed testbed;
    private final List<AutoCloseable> started = new ArrayList<>();
    @TempDir Path workRoot;

    @BeforeAll
    static void start() {
        testbed = new MediaTestbed();
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @AfterEach
    void stopWorkers() throws Exception {
        Collections.reverse(started);
        for (AutoCloseable c : started) {
            c.close();
        }
        // Leave no runnable job behind for the next test's workers.
        testbed.jdbc.update(
                "UPDATE rend.media_jobs SET state = 'cancelled', lease_owner = NULL, lease_expires_at = NULL "
                        + "WHERE state IN ('queued', 'running')");
    }

    @Test
    void twoWorkersRunTwentyJobsEachExactlyOnce() {
        Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
        Set<UUID> inProgress = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> byWorker = new ConcurrentHashMap<>();
        JobProcessor processor =
                run -> {
                    UUID id = run.job().id();
                    if (!inProgress.add(id)) {
                        overlaps.add(id + " claimed twice at once");
                    }
                    runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    byWorker.computeIfAbsent(run.job().leaseOwner(), k -> new AtomicInteger())
                            .incrementAndGet();
                    sleep(30);
                    inProgress.remove(id);
                };
        worker("worker-a", processor, 2, Duration.ofSeconds(5));
        worker("worker-b", processor, 2, Duration.ofSeconds(5));

        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            jobs.add(enqueue(5));
        }

        MediaTestbed.await(
                "20 jobs succeeded", Duration.ofSeconds(60), () -> succeeded(jobs) == 20);
        assertThat(overlaps).isEmpty();
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(jobs);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(byWorker.keySet()).containsExactlyInAnyOrder("worker-a", "worker-b");
        assertThat(
                        testbed.jdbc.queryForList(
                                "SELECT attempts FROM rend.media_jobs WHERE id = ANY(?)",
                                Integer.class,
                                (Object) jobs.toArray(new UUID[0])))
                .containsOnly(1);
        assertThat(countEvents(jobs, AssetEventType.MEDIA_JOB_STARTED)).isEqualTo(20);
        assertThat(countEvents(jobs, AssetEventType.MEDIA_JOB_SUCCEEDED)).isEqualTo(20);
    }

    @Test
    void aJobEnqueuedWhileTheWorkerIdlesIsPickedUpByNotifyWithinMilliseconds() {
        Map<UUID, Long> pickedAtNanos = new ConcurrentHashMap<>();
        // The fallback poll is a minute away: only the NOTIFY can explain a fast pickup.
        worker(
                "idle-worker",
                run -> pickedAtNanos.put(run.job().id(), System.nanoTime()),
                1,
                Duration.ofSeconds(60));
        sleep(1000);

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long before = System.nanoTime();
            UUID job = enqueue(5);
            MediaTestbed.await(
                    "pickup", Duration.ofSeconds(5), () -> pickedAtNanos.containsKey(job));
            long wallMillis = (pickedAtNanos.get(job) - before) / 1_000_000;
            long dbMillis =
                    testbed.jdbc.queryForObject(
                            """
                    SELECT (payload->>'pickup_latency_ms')::bigint FROM rend.asset_events e
                    JOIN rend.media_jobs j ON j.asset_id = e.asset_id
                    WHERE j.id = ? AND e.event_type = 'media_job.started'
                    """,
                            Long.class,
                            job);
            System.out.println(
                    "pickup "
                            + i
                            + ": wall (insert started → processor called) "
                            + wallMillis
                            + " ms, database (job row created → claimed) "
                            + dbMillis
                            + " ms");
            latencies.add(Math.max(wallMillis, dbMillis));
            sleep(300);
        }
        System.out.println("enqueue → pickup latencies (ms): " + latencies);
        assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(200));
    }

    @Test
    void anExpiredLeaseIsReclaimedAndTheStaleRunCanNoLongerWrite() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(100));
        MediaJobQueue queue =
                new MediaJobQueue(
                        testbed.jdbc, testbed.transactions, Duration.ofMillis(300), backoff);
        UUID jobId = enqueue(5);
        MediaJob ghost = queue.claim("ghost").orElseThrow();
        assertThat(ghost.id()).isEqualTo(jobId);
        sleep(400);

        List<MediaJob> reclaimed = new CopyOnWriteArrayList<>();
        worker("rescuer", run -> reclaimed.add(run.job()), 1, Duration.ofMillis(200));

        MediaTestbed.await(
                "reclaimed and succeeded",
                Duration.ofSeconds(10),
                () -> "succeeded".equals(testbed.jobState(jobId)));
        assertThat(reclaimed)
                .singleElement()
                .satisfies(
                        job -> {
                            assertThat(job.attempt()).isEqualTo(2);
                            assertThat(job.leaseOwner()).isEqualTo("rescuer");
                        });
        UUID assetId = ghost.assetId();
        assertThat(
                        testbed.jdbc.queryForObject(
                                """
                SELECT payload->>'error_code' FROM rend.asset_events
                WHERE asset_id = ? AND event_type = 'media_job.retry_scheduled'
                """,
                                String.class,
                                assetId))
                .isEqualTo(MediaJobQueue.LEASE_EXPIRED);
        // The ghost wakes up: every write it tries is fenced off.
        assertThatThrownBy(() -> queue.succeed(ghost, 1))
                .isInstanceOf(MediaFailure.class)
                .satisfies(
                        e ->
                                assertThat(((MediaFailure) e).code())
                                        .isEqualTo(MediaFailure.LEASE_LOST));
        assertThat(queue.heartbeat(ghost)).isEqualTo(MediaJobQueue.Lease.LOST);
        assertThat(testbed.events(assetId, AssetEventType.MEDIA_JOB_SUCCEEDED)).isEqualTo(1);
    }

    @Test
    void retryableFailuresBackOffThenEndFailedWithTheLastError() {
        AtomicInteger attempts = new AtomicInteger();
        worker(
                "flaky",
                run -> {
                    attempts.incrementAndGet();
                    throw new MediaFailure(
                            MediaFailure.STORAGE_ERROR,
                            true,
                            "the store said 503 (attempt " + run.job().attempt() + ")");
                },
                1,
                Duration.ofMillis(200));
        UUID jobId = enqueue(3);

        MediaTestbed.await(
                "failed", Duration.ofSeconds(20), () -> "failed".equals(testbed.jobState(jobId)));
        assertThat(attempts.get()).isEqualTo(3);
        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT attempts, last_error_code, last_error, asset_id FROM rend.media_jobs WHERE id = ?",
                        jobId);
        assertThat(job)
                .containsEntry("attempts", 3)
                .containsEntry("last_error_code", MediaFailure.STORAGE_ERROR)
                .containsEntry("last_error", "the store said 503 (attempt 3)");
        UUID assetId = (UUID) job.get("asset_id");
        assertThat(testbed.events(assetId, AssetEventType.MEDIA_JOB_RETRY_SCHEDULED)).isEqualTo(2);
        assertThat(testbed.events(assetId, AssetEventType.MEDIA_JOB_FAILED)).isEqualTo(1);
        assertThat(testbed.events(assetId, AssetEventType.ASSET_FAILED)).isEqualTo(1);
        assertThat(testbed.playableState(assetId)).isEqualTo("failed");
    }

    @Test
    void aJobThatTimesOutTwiceFailsAfterOneRetryThoughAttemptsRemain() {
        AtomicInteger attempts = new AtomicInteger();
        worker(
                "slow",
                run -> {
                    attempts.incrementAndGet();
                    throw new MediaFailure(
                            MediaFailure.PROCESS_TIMEOUT, true, "ffmpeg exceeded 1800 s");
                },
                1,
                Duration.ofMillis(200));
        UUID jobId = enqueue(5);

        MediaTestbed.await(
                "failed", Duration.ofSeconds(20), () -> "failed".equals(testbed.jobState(jobId)));
        sleep(300);
        assertThat(attempts.get()).isEqualTo(2);
        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT attempts, timeouts, last_error_code, asset_id FROM rend.media_jobs WHERE id = ?",
                        jobId);
        assertThat(job)
                .containsEntry("attempts", 2)
                .containsEntry("timeouts", 2)
                .containsEntry("last_error_code", MediaFailure.PROCESS_TIMEOUT);
        UUID assetId = (UUID) job.get("asset_id");
        assertThat(testbed.events(assetId, AssetEventType.MEDIA_JOB_RETRY_SCHEDULED)).isEqualTo(1);
        assertThat(testbed.playableState(assetId)).isEqualTo("failed");
    }

    @Test
    void otherFailuresBetweenTwoTimeoutsDoNotBuyASecondRetryAfterATimeout() {
        List<String> codes =
                List.of(
                        MediaFailure.PROCESS_TIMEOUT,
                        MediaFailure.STORAGE_ERROR,
                        MediaFailure.PROCESS_TIMEOUT,
                        MediaFailure.STORAGE_ERROR);
        AtomicInteger attempts = new AtomicInteger();
        worker(
                "mixed",
                run -> {
                    String code = codes.get(attempts.getAndIncrement());
                    throw new MediaFailure(code, true, code + " on attempt " + attempts.get());
                },
                1,
                Duration.ofMillis(200));
        UUID jobId = enqueue(5);

        MediaTestbed.await(
                "failed", Duration.ofSeconds(20), () -> "failed".equals(testbed.jobState(jobId)));
        sleep(300);
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(
                        testbed.jdbc.queryForMap(
                                "SELECT attempts, timeouts, last_error FROM rend.media_jobs WHERE id = ?",
                                jobId))
                .containsEntry("attempts", 3)
                .containsEntry("timeouts", 2)
                .containsEntry("last_error", "process_timeout on attempt 3");
    }

    @Test
    void aGracefulStopGivesBackAJobThatOutlivesTheGracePeriod() throws Exception {
        List<UUID> entered = new CopyOnWriteArrayList<>();
        MediaJobRunner runner =
                worker(
                        "draining",
                        run -> {
                            entered.add(run.job().id());
                            while (true) {
                                run.checkStillOwned();
                                sleep(20);
                            }
                        },
                        1,
                        Duration.ofSeconds(5));
        UUID jobId = enqueue(5);
        MediaTestbed.await("running", Duration.ofSeconds(5), () -> entered.contains(jobId));

        runner.close();

        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT state, attempts, lease_owner, asset_id FROM rend.media_jobs WHERE id = ?",
                        jobId);
        assertThat(job).containsEntry("state", "queued").containsEntry("attempts", 0);
        assertThat(job.get("lease_owner")).isNull();
        assertThat(testbed.events((UUID) job.get("asset_id"), AssetEventType.MEDIA_JOB_RELEASED))
                .isEqualTo(1);
    }

    private MediaJobRunner worker(
            String owner, JobProcessor processor, int concurrency, Duration poll) {
        MediaJobQueue queue =
                new MediaJobQueue(
                        testbed.jdbc,
                        testbed.transactions,
                        Duration.ofSeconds(5),
                        new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        JobWakeups wakeups = new JobWakeups();
        MediaJobRunner runner =
                new MediaJobRunner(
                        queue,
                        Map.of(MediaJob.PROCESS_ASSET, processor),
                        wakeups,
                        new MediaJobRunner.Settings(
                                owner,
                                concurrency,
                                poll,
                                Duration.ofSeconds(1),
                                Duration.ofMillis(300),
                                workRoot.resolve(owner)),
                        () -> new MediaProcessRunner(Duration.ofSeconds(30), Map.of()),
                        new SimpleMeterRegistry());
        QueueListener listener =
                new QueueListener(
                        PostgresPool.connectionFactory(
                                DatabaseUrl.parse(testbed.postgres.url()), owner),
                        wakeups,
                        runner::assetDeleted);
        listener.start();
        MediaTestbed.await("LISTEN", Duration.ofSeconds(10), listener::listening);
        runner.start();
        started.add(listener);
        started.add(runner);
        return runner;
    }

    /** A job over an asset row (no source object: these processors never read it). */
    private UUID enqueue(int maxAttempts) {
        UUID assetId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        testbed.transactions.executeWithoutResult(
                status -> {
                    testbed.jdbc.update(
                            """
                    INSERT INTO rend.assets (id, account_id, source_state, source_object_key, source_content_type,
                        source_byte_size) VALUES (?, ?, 'uploaded', ?, 'video/mp4', 1)
                    """,
                            assetId,
                            testbed.accountId,
                            "sources/" + assetId + "/source");
                    testbed.jdbc.update(
                            "INSERT INTO rend.media_jobs (id, asset_id, kind, max_attempts) VALUES (?, ?, 'process_asset', ?)",
                            jobId,
                            assetId,
                            maxAttempts);
                });
        return jobId;
    }

    private int succeeded(List<UUID> jobs) {
        return testbed.jdbc.queryForObject(
                "SELECT count(*) FROM rend.media_jobs WHERE state = 'succeeded' AND id = ANY(?)",
                Integer.class,
                (Object) jobs.toArray(new UUID[0]));
    }

    private int countEvents(List<UUID> jobs, AssetEventType type) {
        return testbed.jdbc.queryForObject(
                """
                SELECT count(*) FROM rend.asset_events e JOIN rend.media_jobs j ON j.asset_id = e.asset_id
                WHERE j.id = ANY(?) AND e.event_type = ?
                """,
                Integer.class,
                jobs.toArray(new UUID[0]),
                type.wireName());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaFailure(MediaFailure.INTERNAL_ERROR, true, "interrupted");
        }
    }
}
