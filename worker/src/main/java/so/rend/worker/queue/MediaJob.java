package so.rend.worker.queue;

import java.util.UUID;

/**
 * A claimed job. {@code attempt} is this run's attempt number (from 1); together with {@code
 * leaseOwner} it fences every write the run makes.
 *
 * @param pickupLatencyMillis from the moment the job became runnable to its claim
 * @param timeouts earlier attempts of this job that ended in a process timeout
 * @param deferrals earlier runs put back for want of scratch space (not counted as attempts)
 */
public record MediaJob(
        UUID id,
        UUID assetId,
        UUID accountId,
        String kind,
        int attempt,
        int maxAttempts,
        String leaseOwner,
        long pickupLatencyMillis,
        int timeouts,
        int deferrals) {

    public static final String PROCESS_ASSET = "process_asset";
    public static final String DELETE_ASSET_OBJECTS = "delete_asset_objects";

    /** True for the kind that publishes the asset (and so must stop when it is deleted). */
    public boolean processesAsset() {
        return PROCESS_ASSET.equals(kind);
    }
}
