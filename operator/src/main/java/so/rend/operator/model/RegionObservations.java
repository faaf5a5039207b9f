package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.model.RegionRollout.EdgeObservation;
import so.rend.operator.model.RegionRollout.Phase;

/** What the rollout plan is given about each edge node: its pod, DNS, and the region's status. */
public final class RegionObservations {
    private RegionObservations() {}

    public static List<EdgeObservation> of(
            RegionEdges edges,
            Map<String, Pod> pods,
            Set<String> inDns,
            Map<String, RegionNodeStatus> nodeStatus) {
        List<EdgeObservation> observations = new ArrayList<>();
        Set<String> unregistered = unregistered(edges);
        Set<String> leaving = leaving(edges);
        for (String node : edges.nodeNames()) {
            Pod pod = pods.get(node);
            RegionNodeStatus previous = nodeStatus.get(node);
            observations.add(
                    new EdgeObservation(
                            node,
                            pod == null ? null : pod.getMetadata().getName(),
                            pod != null && EdgePods.terminating(pod),
                            pod != null && EdgePods.ready(pod) && !unregistered.contains(node),
                            pod == null
                                    ? null
                                    : pod.getMetadata()
                                            .getLabels()
                                            .get(ResourceNames.EDGE_TEMPLATE_HASH_LABEL),
                            inDns.contains(node),
                            previous == null ? null : previous.warmedTemplateHash,
                            previous == null || previous.phase == null
                                    ? null
                                    : Phase.valueOf(previous.phase),
                            previous == null || previous.since == null
                                    ? null
                                    : Instant.parse(previous.since),
                            leaving.contains(node),
                            DnsDrain.drainSince(previous),
                            pod != null && EdgePods.ready(pod) && movesCache(edges, node, pod)));
        }
        return observations;
    }

    /**
     * Whether {@code pod} runs another cache layout than {@code node}'s RendEdgeNode declares and
     * no one approved the move ({@value ResourceNames#APPROVE_CACHE_PATH_ANNOTATION} naming the new
     * path). A pod from before layouts (no layout label) moves freely: its node's layout did not
     * change.
     */
    private static boolean movesCache(RegionEdges edges, String node, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String running = labels == null ? null : labels.get(ResourceNames.EDGE_CACHE_LAYOUT_LABEL);
        CacheLayout desired = edges.layout(node);
        if (running == null || running.equals(desired.id())) {
            return false;
        }
        String approved =
                edges.edgeNodes().stream()
                        .filter(n -> node.equals(n.getSpec().nodeName))
                        .map(n -> n.getMetadata().getAnnotations())
                        .filter(a -> a != null)
                        .map(a -> a.getOrDefault(ResourceNames.APPROVE_CACHE_PATH_ANNOTATION, ""))
                        .findFirst()
                        .orElse("");
        return !approved.equals(desired.path());
    }

    /** Each node's phase as the region's status last recorded it. */
    public static Map<String, Phase> previousPhases(Map<String, RegionNodeStatus> nodeStatus) {
        Map<String, Phase> phases = new HashMap<>();
        nodeStatus.forEach(
                (node, status) -> {
                    if (status.phase != null) {
                        phases.put(node, Phase.valueOf(status.phase));
                    }
                });
        return phases;
    }

    /** Edge nodes whose RendEdgeNode is being deleted (its finalizer waits for the drain). */
    private static Set<String> leaving(RegionEdges edges) {
        Set<String> nodes = new HashSet<>();
        for (RendEdgeNode node : edges.edgeNodes()) {
            if (node.getMetadata().getDeletionTimestamp() != null) {
                nodes.add(node.getSpec().nodeName);
            }
        }
        return nodes;
    }

    /**
     * Edge nodes whose edge the control plane says is not registered: such an edge gets no purge or
     * revocation, so it counts as not ready and stays out of DNS. While the control plane cannot be
     * asked ({@code registered} unset) readiness follows the pod, so an outage of the control plane
     * never takes a region out of DNS.
     */
    private static Set<String> unregistered(RegionEdges edges) {
        Set<String> nodes = new HashSet<>();
        for (RendEdgeNode node : edges.edgeNodes()) {
            if (node.getStatus() != null && Boolean.FALSE.equals(node.getStatus().registered)) {
                nodes.add(node.getSpec().nodeName);
            }
        }
        return nodes;
    }
}
