package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/** An encoding pool's Ready, Progressing and Degraded conditions, with no I/O. */
public final class PoolConditions {
    private PoolConditions() {}

    /** Why a pool is degraded (e.g. {@code KedaNotInstalled}), and what to tell its user. */
    public record Problem(String reason, String message) {}

    /**
     * @param problem null when the pool works as asked
     * @param scaler "builtin" or "keda", as the status names it
     */
    public static List<Condition> of(
            List<Condition> previous,
            Problem problem,
            int readyReplicas,
            int replicas,
            String scaler,
            Long generation,
            Instant now) {
        List<Condition> conditions =
                problem == null
                        ? Conditions.set(
                                previous,
                                Conditions.DEGRADED,
                                false,
                                "AsExpected",
                                "",
                                generation,
                                now)
                        : Conditions.set(
                                previous,
                                Conditions.DEGRADED,
                                true,
                                problem.reason(),
                                problem.message(),
                                generation,
                                now);
        boolean settled = readyReplicas >= replicas;
        String workers = readyReplicas + "/" + replicas + " workers ready";
        conditions =
                Conditions.set(
                        conditions,
                        Conditions.PROGRESSING,
                        !settled,
                        settled ? "Settled" : "ScalingWorkers",
                        workers,
                        generation,
                        now);
        return Conditions.set(
                conditions,
                Conditions.READY,
                settled,
                settled ? "WorkersReady" : "WorkersNotReady",
                workers + " (" + scaler + " scaler)",
                generation,
                now);
    }
}
