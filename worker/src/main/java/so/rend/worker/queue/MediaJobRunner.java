package so.rend.worker.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.MediaProcessRunner;

/**
 * Runs jobs from the queue on {@code concurrency} threads. Idle threads sleep until a NOTIFY (or
 * the slow fallback poll) wakes them; a running job's lease is renewed by heartbeats; expired
 * leases of other workers are reaped on every poll. Stopping finishes in-flight jobs within a grace
 * period and gives back the ones still running after it.
 */
public final class MediaJobRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaJobRunner.class);

    /** How the runner paces itself. */
    public record Settings(
            String owner,
            int concurrency,
            Duration pollInterval,
            Duration heartbeatInterval,
            Duration shutdownGrace,
            Path workRoot) {}

    private final MediaJobQueue queue;
    private final JobProcessor processor;
    private final JobWakeups wakeups;
    private final Settings settings;
    private final Supplier<MediaProcessRunner> processRunners;
    private final Set<JobRun> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicReference<QueueStats> stats = new AtomicReference<>(QueueStats.EMPTY);
    private final List<Thread> threads = new ArrayList<>();
    private final Timer pickupLatency;
    private final Timer jobDuration;
    private final MeterRegistry meters;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public MediaJobRunner(
            MediaJobQueue queue,
            JobProcessor processor,
            JobWakeups wakeups,
            Settings settings,
            Supplier<MediaProcessRunner> processRunners,
            MeterRegistry meters) {
        this.queue = queue;
        this.processor = processor;
        this.wakeups = wakeups;
        this.settings = settings;
        this.processRunners = processRunners;
        this.meters = meters;
        this.pickupLatency =
                Timer.builder("rend.media.job.pickup.latency")
                        .description("From a job becoming runnable to its claim")
                        .publishPercentileHistogram()
                        .register(meters);
        this.jobDuration =
                Timer.builder("rend.media.job.duration")
                        .description("Claim to finish of one run")
                        .register(meters);
        Gauge.builder("rend.media.jobs.ready", stats, s -> s.get().ready())
                .description("Queued jobs ready to run (queue depth)")
                .register(meters);
        Gauge.builder("rend.media.jobs.delayed", stats, s -> s.get().delayed())
                .description("Queued jobs waiting for a retry backoff")
                .register(meters);
        Gauge.builder("rend.media.jobs.running", stats, s -> s.get().running())
                .description("Jobs under a lease, across all workers")
                .register(meters);
        Gauge.builder(
                        "rend.media.jobs.oldest.ready.age",
                        stats,
                        s -> s.get().oldestReadyAgeSeconds())
                .baseUnit("seconds")
                .description("Age of the oldest ready job (queue age)")
                .register(meters);
        Gauge.builder("rend.worker.jobs.in.flight", inFlight, Set::size)
                .description("Jobs this worker is running")
                .register(meters);
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
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread thread = new Thread(this::loop, "rend-media-job-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        log.info(
                "media worker {} started with {} job thread(s)",
                settings.owner(),
                settings.concurrency());
    }

    public QueueStats lastStats() {
        return stats.get();
    }

    public int inFlight() {
        return inFlight.size();
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
        List<Thread> toJoin;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            toJoin = List.copyOf(threads);
        }
        wakeups.wakeAll();
        joinAll(toJoin, settings.shutdownGrace());
        for (JobRun run : List.copyOf(inFlight)) {
            log.info("giving back job {} at shutdown", run.job().id());
            run.release();
        }
        toJoin.forEach(Thread::interrupt);
        joinAll(toJoin, Duration.ofSeconds(10));
        scheduler.shutdownNow();
        threads.clear();
    }

    /**
     * Stops as a crashed process would: processes killed, no further database writes, leases left
     * to expire. For tests of crash recovery.
     */
    public void halt() {
        List<Thread> toJoin;
        synchronized (this) {
            running = false;
            toJoin = List.copyOf(threads);
        }
        for (JobRun run : List.copyOf(inFlight)) {
            run.halt();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        toJoin.forEach(Thread::interrupt);
        joinAll(toJoin, Duration.ofSeconds(10));
        threads.clear();
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
        pickupLatency.record(Duration.ofMillis(job.pickupLatencyMillis()));
        Path workDir;
        try {
            Files.createDirectories(settings.workRoot());
            workDir = Files.createTempDirectory(settings.workRoot(), "job-" + job.id() + "-");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create a work directory under " + settings.workRoot(), e);
        }
        JobRun run = new JobRun(job, queue, processRunners.get(), workDir);
        inFlight.add(run);
        ScheduledFuture<?> heartbeat =
                scheduler.scheduleWithFixedDelay(
                        () -> heartbeat(run),
                        settings.heartbeatInterval().toMillis(),
                        settings.heartbeatInterval().toMillis(),
                        TimeUnit.MILLISECONDS);
        String outcome;
        try {
            MediaFailure failure = null;
            try {
                processor.process(run);
                run.checkStillOwned();
            } catch (MediaFailure f) {
                failure = f;
            } catch (RuntimeException e) {
                failure = new MediaFailure(MediaFailure.INTERNAL, true, e.toString(), e);
            }
            outcome = finish(run, failure, System.nanoTime() - started);
        } finally {
            heartbeat.cancel(false);
            inFlight.remove(run);
            deleteRecursively(workDir);
            // A finished job may have freed a slot for a job another runner thread saw and skipped.
            wakeups.wakeAll();
        }
        jobDuration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        Counter.builder("rend.media.jobs.finished")
                .tag("kind", job.kind())
                .tag("outcome", outcome)
                .description("Job runs by outcome")
                .register(meters)
                .increment();
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
                    MediaJobQueue.truncate(failure.getMessage(), 300));
            queue.fail(job, failure);
            return failure.retryable() && job.attempt() < job.maxAttempts()
                    ? "retry_scheduled"
                    : "failed";
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

    private static void joinAll(List<Thread> threads, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // Best effort: the work root is scratch space.
                                }
                            });
        } catch (IOException ignored) {
            // Best effort.
        }
    }
}
