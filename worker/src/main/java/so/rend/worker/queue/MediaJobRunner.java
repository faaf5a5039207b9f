package so.rend.worker.queue;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.MediaProcessRunner;

/**
 * Runs jobs from the queue on {@code concurrency} threads, each by the processor of its kind. Idle
 * threads sleep until a NOTIFY (or the slow fallback poll) wakes them; a running job's lease is
 * renewed by heartbeats; expired leases of other workers are reaped on every poll. Stopping
 * finishes in-flight jobs within a grace period and gives back the ones still running after it.
 */
public final class MediaJobRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaJobRunner.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** How the runner paces itself. */
    public record Settings(
            String owner,
            int concurrency,
            Duration pollInterval,
            Duration heartbeatInterval,
            Duration shutdownGrace,
            Path workRoot) {}

    private final MediaJobQueue queue;
    private final Map<String, JobProcessor> processors;
    private final JobWakeups wakeups;
    private final Settings settings;
    private final Supplier<MediaProcessRunner> processRunners;
    private final Set<JobRun> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicReference<QueueStats> stats = new AtomicReference<>(QueueStats.EMPTY);
    private final JobMetrics metrics;
    private ScheduledExecutorService scheduler;
    private JobThreads threads;
    private volatile boolean running;

    /**
     * @param processors the processor of each job kind ({@link MediaJob#kind()}); a job of any
     *     other kind fails without a retry
     */
    public MediaJobRunner(
            MediaJobQueue queue,
            Map<String, JobProcessor> processors,
            JobWakeups wakeups,
            Settings settings,
            Supplier<MediaProcessRunner> processRunners,
            MeterRegistry meters) {
        this.queue = queue;
        this.processors = Map.copyOf(processors);
        this.wakeups = wakeups;
        this.settings = settings;
        this.processRunners = processRunners;
        this.metrics = new JobMetrics(meters, stats::get, inFlight);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        scheduler =
                Executors.newScheduledThreadPool(
                        1,
                        r -> {
                            Thread t = new Thread(r, "rend-media-job-scheduler");
                            t.setDaemon(true);
                            return t;
                        });
        scheduler.scheduleWithFixedDelay(
                this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        threads = JobThreads.start(settings.concurrency(), this::loop);
        log.info(
                "media worker {} started with {} job thread(s)",
                settings.owner(),
                settings.concurrency());
    }

    public String owner() {
        return settings.owner();
    }

    /**
     * Graceful stop: no new claims; running jobs get the grace period, then are killed and given
     * back.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        wakeups.wakeAll();
        threads.join(settings.shutdownGrace());
        for (JobRun run : List.copyOf(inFlight)) {
            log.info("giving back job {} at shutdown", run.job().id());
            run.release();
        }
        threads.interruptAndJoin(STOP_TIMEOUT);
        scheduler.shutdownNow();
    }

    /**
     * Stops as a crashed process would: processes killed, no further database writes, leases left
     * to expire. For tests of crash recovery.
     */
    public void halt() {
        synchronized (this) {
            running = false;
        }
        for (JobRun run : List.copyOf(inFlight)) {
            run.halt();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (threads != null) {
            threads.interruptAndJoin(STOP_TIMEOUT);
        }
    }

    private void loop() {
        while (running) {
            long seen = wakeups.generation();
            try {
                Optional<MediaJob> job = queue.claim(settings.owner());
                if (job.isPresent()) {
                    run(job.get());
                    continue;
                }
                // NOTIFY fires when a retry is requeued, not when its backoff ends: sleep no longer
                // than that.
                long poll = settings.pollInterval().toMillis();
                long next = queue.millisUntilNextRunnable();
                wakeups.awaitAfter(seen, next >= 0 ? Math.min(poll, Math.max(50, next + 1)) : poll);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("claiming a media job failed: {}", e.toString());
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    private void run(MediaJob job) {
        long started = System.nanoTime();
        metrics.claimed(job);
        Path workDir = WorkDirectories.create(settings.workRoot(), job);
        JobRun run = new JobRun(job, queue, processRunners.get(), workDir);
        inFlight.add(run);
        long beat = settings.heartbeatInterval().toMillis();
        ScheduledFuture<?> heartbeat =
                scheduler.scheduleWithFixedDelay(
                        () -> heartbeat(run), beat, beat, TimeUnit.MILLISECONDS);
        String outcome;
        try {
            outcome = finish(run, process(run), System.nanoTime() - started);
        } finally {
            heartbeat.cancel(false);
            inFlight.remove(run);
            WorkDirectories.deleteRecursively(workDir);
            // A finished job may have freed a slot for a job another runner thread saw and skipped.
            wakeups.wakeAll();
        }
        metrics.finished(job, outcome, System.nanoTime() - started);
    }

    /** Runs the job's processor; returns how it failed, or {@code null} when it succeeded. */
    private MediaFailure process(JobRun run) {
        JobProcessor processor = processors.get(run.job().kind());
        try {
            if (processor == null) {
                throw new MediaFailure(
                        MediaFailure.INTERNAL_ERROR, false, "unknown job kind " + run.job().kind());
            }
            processor.process(run);
            run.checkStillOwned();
            return null;
        } catch (MediaFailure f) {
            return f;
        } catch (RuntimeException e) {
            return new MediaFailure(MediaFailure.INTERNAL_ERROR, true, e.toString(), e);
        }
    }

    private String finish(JobRun run, MediaFailure failure, long elapsedNanos) {
        MediaJob job = run.job();
        if (run.halted()) {
            return "halted";
        }
        if (run.leaseLost()
                || (failure != null && MediaFailure.LEASE_LOST.equals(failure.code()))) {
            log.warn(
                    "job {} attempt {} lost its lease; another worker owns it now",
                    job.id(),
                    job.attempt());
            return "lease_lost";
        }
        try {
            if (run.releasing()) {
                queue.release(job);
                return "released";
            }
            if (failure == null) {
                queue.succeed(job, TimeUnit.NANOSECONDS.toMillis(elapsedNanos));
                log.info(
                        "job {} ({}) succeeded in {} ms",
                        job.id(),
                        job.kind(),
                        TimeUnit.NANOSECONDS.toMillis(elapsedNanos));
                return "succeeded";
            }
            log.warn(
                    "job {} attempt {}/{} failed: {} {}",
                    job.id(),
                    job.attempt(),
                    job.maxAttempts(),
                    failure.code(),
                    ErrorText.tail(failure.getMessage(), 300));
            return switch (queue.fail(job, failure)) {
                case RETRY -> "retry_scheduled";
                case DEFER -> "deferred";
                case FAIL -> "failed";
            };
        } catch (MediaFailure lost) {
            return "lease_lost";
        }
    }

    private void heartbeat(JobRun run) {
        if (run.halted()) {
            return;
        }
        try {
            if (!queue.heartbeat(run.job())) {
                log.warn("job {} lease lost; stopping its processes", run.job().id());
                run.markLeaseLost();
            }
        } catch (RuntimeException e) {
            // A database blip: the lease is long enough to survive a missed heartbeat or two.
            log.warn("heartbeat of job {} failed: {}", run.job().id(), e.toString());
        }
    }

    private void poll() {
        try {
            int reaped = queue.reapExpiredLeases();
            if (reaped > 0) {
                log.info("requeued or failed {} job(s) whose lease expired", reaped);
            }
            stats.set(queue.stats());
        } catch (RuntimeException e) {
            log.warn("queue poll failed: {}", e.toString());
        }
        wakeups.wakeAll();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
