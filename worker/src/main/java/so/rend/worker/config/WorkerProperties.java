package so.rend.worker.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * How the worker runs its queue. Durations are seconds when given as plain numbers ("30"), or any
 * Spring duration ("500ms").
 *
 * @param id the lease owner name; blank means host:pid:random
 * @param concurrency jobs run at once by this process (REND_WORKER_CONCURRENCY)
 * @param lease how long a claim lasts without a heartbeat
 * @param heartbeat how often a running job renews its lease
 * @param poll the fallback poll (LISTEN/NOTIFY wakes the worker sooner), also the lease reaper and
 *     queue metrics refresh interval
 * @param shutdownGrace how long a stop waits for running jobs before giving them back
 * @param retryBase the first retry's backoff ceiling (exponential, equal jitter)
 * @param retryMax the largest backoff
 * @param workDir scratch space for sources and encodes; blank means the system temp dir
 * @param scratchReserveBytes REND_WORKER_SCRATCH_RESERVE_BYTES: free space a job must leave in the
 *     scratch space beyond what it needs, or it waits in the queue
 */
@ConfigurationProperties("rend.worker")
public record WorkerProperties(
        String id,
        int concurrency,
        @DurationUnit(ChronoUnit.SECONDS) Duration lease,
        @DurationUnit(ChronoUnit.SECONDS) Duration heartbeat,
        @DurationUnit(ChronoUnit.SECONDS) Duration poll,
        @DurationUnit(ChronoUnit.SECONDS) Duration shutdownGrace,
        @DurationUnit(ChronoUnit.SECONDS) Duration retryBase,
        @DurationUnit(ChronoUnit.SECONDS) Duration retryMax,
        String workDir,
        long scratchReserveBytes) {

    public WorkerProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException(
                    "REND_WORKER_CONCURRENCY must be at least 1, was " + concurrency);
        }
        if (scratchReserveBytes < 0) {
            throw new IllegalArgumentException(
                    "REND_WORKER_SCRATCH_RESERVE_BYTES must not be negative, was "
                            + scratchReserveBytes);
        }
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException(
                    "the heartbeat ("
                            + heartbeat
                            + ") must be shorter than the lease ("
                            + lease
                            + ")");
        }
    }
}
