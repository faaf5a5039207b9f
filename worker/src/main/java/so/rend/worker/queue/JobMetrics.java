package so.rend.worker.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The runner's meters: queue depth and age (what an autoscaler reads), jobs in flight here, pickup
 * latency, run duration and finished runs by kind and outcome.
 */
final class JobMetrics {

    private final MeterRegistry meters;
    private final Timer pickupLatency;
    private final Timer jobDuration;

    JobMetrics(MeterRegistry meters, Supplier<QueueStats> stats, Collection<?> inFlight) {
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
        Gauge.builder("rend.worker.jobs.in.flight", inFlight, Collection::size)
                .description("Jobs this worker is running")
                .register(meters);
    }

    void claimed(MediaJob job) {
        pickupLatency.record(Duration.ofMillis(job.pickupLatencyMillis()));
    }

    void finished(MediaJob job, String outcome, long elapsedNanos) {
        jobDuration.record(elapsedNanos, TimeUnit.NANOSECONDS);
        Counter.builder("rend.media.jobs.finished")
                .tag("kind", job.kind())
                .tag("outcome", outcome)
                .description("Job runs by outcome")
                .register(meters)
                .increment();
    }
}
