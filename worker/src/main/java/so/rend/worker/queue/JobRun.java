package so.rend.worker.queue;

import java.nio.file.Path;
import java.util.function.Supplier;
import so.rend.worker.media.MediaFailure;
import so.rend.worker.media.MediaProcessRunner;

/**
 * One run of a claimed job as its processor sees it: the job, a scratch directory, the processes it
 * may start (killed with the run), and transactions fenced by the run's lease.
 */
public final class JobRun {

    private final MediaJob job;
    private final MediaJobQueue queue;
    private final MediaProcessRunner processes;
    private final Path workDir;
    private volatile boolean leaseLost;
    private volatile boolean halted;
    private volatile boolean releasing;
    private volatile boolean assetDeleted;

    JobRun(MediaJob job, MediaJobQueue queue, MediaProcessRunner processes, Path workDir) {
        this.job = job;
        this.queue = queue;
        this.processes = processes;
        this.workDir = workDir;
    }

    public MediaJob job() {
        return job;
    }

    public MediaProcessRunner processes() {
        return processes;
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Runs {@code work} in a transaction that commits only while the lease is still this run's:
     * every write it makes through the worker's {@code JdbcTemplate} is fenced by the lease.
     */
    public <T> T withinLease(Supplier<T> work) {
        checkStillOwned();
        return queue.withinLease(job, work);
    }

    /** {@link #withinLease(Supplier)} for work that returns nothing. */
    public void withinLease(Runnable work) {
        withinLease(
                () -> {
                    work.run();
                    return null;
                });
    }

    /**
     * Throws when the run must stop: its lease is gone, its asset was deleted, or the worker is
     * shutting down or halted.
     */
    public void checkStillOwned() {
        if (halted) {
            throw new MediaFailure(MediaFailure.LEASE_LOST, true, "the worker halted");
        }
        if (leaseLost) {
            throw new MediaFailure(MediaFailure.LEASE_LOST, true, "the lease was lost");
        }
        if (assetDeleted) {
            throw new MediaFailure(
                    MediaFailure.ASSET_DELETED, false, "the asset was deleted while the job ran");
        }
        if (releasing) {
            throw new MediaFailure(
                    MediaFailure.INTERNAL_ERROR, true, "the worker is shutting down");
        }
    }

    boolean leaseLost() {
        return leaseLost;
    }

    boolean halted() {
        return halted;
    }

    boolean releasing() {
        return releasing;
    }

    boolean assetDeleted() {
        return assetDeleted;
    }

    /** The asset was deleted: its processes are killed and the run publishes nothing more. */
    void stopForDeletedAsset() {
        assetDeleted = true;
        processes.killAll();
    }

    void markLeaseLost() {
        leaseLost = true;
        processes.killAll();
    }

    void halt() {
        halted = true;
        processes.killAll();
    }

    void release() {
        releasing = true;
        processes.killAll();
    }
}
