package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** How the operator reads an edge pod: ready, terminating, and one pod per node. */
public final class EdgePods {
    private EdgePods() {}

    public static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * The pod on each node among {@code pods} that carry all of {@code selector}; a live pod wins
     * over a terminating one. Unscheduled pods are left out.
     */
    public static Map<String, Pod> byNode(Collection<Pod> pods, Map<String, String> selector) {
        Map<String, Pod> byNode = new HashMap<>();
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (node == null
                    || labels == null
                    || !labels.entrySet().containsAll(selector.entrySet())) {
                continue;
            }
            Pod other = byNode.get(node);
            if (other == null || terminating(other)) {
                byNode.put(node, pod);
            }
        }
        return byNode;
    }
}
