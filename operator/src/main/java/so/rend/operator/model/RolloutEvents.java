package so.rend.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import so.rend.operator.model.RegionRollout.NodeStep;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;

/**
 * The story of a rollout as Kubernetes Events on the region ({@code kubectl describe rendregion}):
 * each node's step from one reconcile's phase to the next, and the pods the plan replaces.
 */
public final class RolloutEvents {
    public static final String NODE_WITHDRAWN = "NodeWithdrawn";
    public static final String POD_REPLACED = "PodReplaced";
    public static final String NODE_WARMED = "NodeWarmed";
    public static final String NODE_RESTORED = "NodeRestored";
    public static final String ROLLOUT_PAUSED = "RolloutPaused";

    /** One event: Normal unless {@code warning}. */
    public record Event(String reason, String message, boolean warning) {}

    private RolloutEvents() {}

    /**
     * @param previous each node's phase in the region's status before this reconcile (absent for a
     *     node seen the first time)
     */
    public static List<Event> of(Map<String, Phase> previous, Plan plan) {
        List<Event> events = new ArrayList<>();
        for (NodeStep step : plan.nodes()) {
            Phase before = previous.get(step.node());
            if (before == null || before == step.phase()) {
                continue;
            }
            if (step.phase() == Phase.Leaving) {
                events.add(
                        new Event(
                                NODE_WITHDRAWN,
                                "edge on "
                                        + step.node()
                                        + " taken out of DNS: its RendEdgeNode is being deleted;"
                                        + " the node is released once DNS has drained",
                                false));
            } else if (step.phase() == Phase.Withdrawn) {
                events.add(
                        new Event(
                                NODE_WITHDRAWN,
                                "edge on "
                                        + step.node()
                                        + " taken out of DNS; its pod is replaced once DNS has"
                                        + " drained",
                                false));
            } else if (step.phase() == Phase.Serving
                    && (before == Phase.Warming
                            || before == Phase.Replacing
                            || before == Phase.Withdrawn)) {
                events.add(
                        new Event(
                                NODE_RESTORED,
                                "edge on "
                                        + step.node()
                                        + " serves template "
                                        + step.podTemplateHash()
                                        + " and is listed in DNS",
                                false));
            }
        }
        for (String pod : plan.podsToDelete()) {
            events.add(new Event(POD_REPLACED, "deleted outdated edge pod " + pod, false));
        }
        return events;
    }
}
