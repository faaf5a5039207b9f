package so.rend.operator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The built-in scaler's formula: replicas = clamp(ceil(depth / jobsPerReplica), min, max), and on
 * the way down the highest recommendation within the stabilization window (as the HPA does), so a
 * short lull does not stop workers that are needed again a minute later.
 */
public final class QueueScaling {
    /**
     * The SQL both scalers (built-in and KEDA) run: running media jobs plus queued ones that may
     * run now. A job waiting for its {@code run_after} (a retry's backoff, an object removal
     * waiting out the delete grace) needs no worker yet, so 400 deletes do not ask for 100 idle
     * workers.
     */
    public static final String QUEUE_DEPTH_QUERY =
            "SELECT COALESCE(count(*),0) FROM rend.media_jobs WHERE state = 'running'"
                    + " OR (state = 'queued' AND run_after <= now())";

    public record Recommendation(Instant at, int replicas) {}

    public record Decision(int replicas, int recommended, List<Recommendation> window) {}

    private QueueScaling() {}

    public static int recommend(long depth, int jobsPerReplica, int minReplicas, int maxReplicas) {
        if (jobsPerReplica < 1) {
            throw new IllegalArgumentException("jobsPerReplica must be at least 1");
        }
        long wanted = depth <= 0 ? 0 : (depth + jobsPerReplica - 1) / jobsPerReplica;
        return (int) Math.max(minReplicas, Math.min(maxReplicas, wanted));
    }

    /**
     * @param history earlier recommendations (any order); those older than the window are dropped
     */
    public static Decision decide(
            long depth,
            int jobsPerReplica,
            int minReplicas,
            int maxReplicas,
            Duration stabilization,
            Instant now,
            List<Recommendation> history) {
        int recommended = recommend(depth, jobsPerReplica, minReplicas, maxReplicas);
        Instant windowStart = now.minus(stabilization);
        List<Recommendation> window = new ArrayList<>();
        for (Recommendation r : history) {
            if (r.at().isAfter(windowStart) && !r.at().isAfter(now)) {
                window.add(r);
            }
        }
        window.add(new Recommendation(now, recommended));
        int replicas = window.stream().mapToInt(Recommendation::replicas).max().orElse(recommended);
        replicas = Math.max(minReplicas, Math.min(maxReplicas, replicas));
        return new Decision(replicas, recommended, compact(window));
    }

    /**
     * Keeps the window small: a recommendation is redundant when a later one is at least as high.
     */
    private static List<Recommendation> compact(List<Recommendation> window) {
        List<Recommendation> sorted = new ArrayList<>(window);
        sorted.sort(Comparator.comparing(Recommendation::at));
        List<Recommendation> kept = new ArrayList<>();
        int laterMax = Integer.MIN_VALUE;
        for (int i = sorted.size() - 1; i >= 0; i--) {
            Recommendation r = sorted.get(i);
            if (r.replicas() > laterMax || i == sorted.size() - 1) {
                kept.add(0, r);
                laterMax = Math.max(laterMax, r.replicas());
            }
        }
        return kept;
    }
}
