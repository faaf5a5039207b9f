package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/** A RendEdgeNode's Ready, Progressing and Degraded conditions, with no I/O. */
public final class EdgeNodeConditions {
    private EdgeNodeConditions() {}

    /**
     * What one reconcile saw of an edge node.
     *
     * @param registered the control plane's last answer (null: never known)
     * @param staleBecause why the control plane could not be asked this time (null: it answered)
     */
    public record Observed(
            String nodeName,
            boolean nodeFound,
            String edgePod,
            boolean edgePodReady,
            Boolean registered,
            String staleBecause) {

        /**
         * An edge the control plane does not know gets no warm, purge or revocations: not ready.
         */
        public boolean unregistered() {
            return Boolean.FALSE.equals(registered);
        }

        public boolean ready() {
            return edgePodReady && !unregistered();
        }
    }

    public static List<Condition> of(
            List<Condition> previous, Observed o, Long generation, Instant now) {
        String progress = progress(o);
        boolean ready = o.ready();
        List<Condition> conditions =
                Conditions.set(
                        previous,
                        Conditions.DEGRADED,
                        !o.nodeFound(),
                        o.nodeFound() ? "AsExpected" : "NodeNotFound",
                        o.nodeFound() ? "" : "no Kubernetes Node named " + o.nodeName(),
                        generation,
                        now);
        conditions =
                Conditions.set(
                        conditions,
                        Conditions.PROGRESSING,
                        o.nodeFound() && !ready,
                        ready
                                ? "EdgeRunning"
                                : o.edgePodReady() ? "WaitingForRegistration" : "WaitingForEdgePod",
                        progress,
                        generation,
                        now);
        return Conditions.set(
                conditions,
                Conditions.READY,
                ready,
                ready ? "EdgeReady" : o.unregistered() ? "NotRegistered" : "EdgeNotReady",
                progress,
                generation,
                now);
    }

    private static String progress(Observed o) {
        boolean stale = o.staleBecause() != null;
        String staleNote =
                !stale
                        ? ""
                        : "; registration unknown ("
                                + o.staleBecause()
                                + "), last known: "
                                + (o.registered() == null
                                        ? "none"
                                        : o.registered() ? "registered" : "not registered");
        if (!o.edgePodReady()) {
            return "waiting for the region's edge pod";
        }
        if (o.unregistered()) {
            return "edge pod "
                    + o.edgePod()
                    + " ready; waiting for edge "
                    + o.nodeName()
                    + " to register with the control plane (no heartbeat within its healthy"
                    + " window)"
                    + staleNote;
        }
        return "edge pod " + o.edgePod() + " ready" + (stale ? staleNote : " and registered");
    }
}
