package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import so.rend.operator.model.RegionRollout.Plan;

/**
 * Which DaemonSet runs each edge node's pod, with no I/O: one DaemonSet per cache layout (see
 * {@link CacheLayout}), so that a node with another cache path changes no other node's pod.
 *
 * <p>A node stays pinned to the DaemonSet of the layout its live pod runs until the rollout deletes
 * that pod: moving it earlier would let the DaemonSet controller kill a serving pod outside the
 * rollout's budget and drain. A pod from before layouts (its DaemonSet orphaned, see {@link
 * Changes#orphan()}) keeps its node pinned to no DaemonSet until then.
 */
public final class EdgeDaemonSets {
    private EdgeDaemonSets() {}

    /**
     * What to write: the DaemonSets to apply; those to delete with their pods (a layout no node is
     * pinned to any more); and those to delete leaving their pods (the one DaemonSet of a region
     * from before layouts, whose pods the rollout then replaces node by node).
     */
    public record Changes(List<DaemonSet> apply, List<String> delete, List<String> orphan) {}

    public static Changes of(
            RegionEdges edges,
            Map<String, Pod> podsByNode,
            Plan plan,
            Collection<DaemonSet> current) {
        Map<String, CacheLayout> known = new LinkedHashMap<>();
        for (DaemonSet ds : current) {
            CacheLayout layout = CacheLayout.of(ds);
            if (layout != null) {
                known.put(layout.id(), layout);
            }
        }
        for (String node : edges.nodeNames()) {
            CacheLayout layout = edges.layout(node);
            known.put(layout.id(), layout);
        }
        Map<String, Set<String>> nodesByLayout = new TreeMap<>();
        placement(edges, podsByNode, plan)
                .forEach(
                        (node, layout) ->
                                nodesByLayout
                                        .computeIfAbsent(layout, l -> new TreeSet<>())
                                        .add(node));
        List<DaemonSet> apply = new ArrayList<>();
        Set<String> kept = new TreeSet<>();
        nodesByLayout.forEach(
                (layout, nodes) -> {
                    if (known.containsKey(layout)) {
                        apply.add(edges.generateDaemonSet(known.get(layout), nodes));
                    } else {
                        // A pod of a layout whose DaemonSet cannot be read back (its annotations
                        // edited away): that DaemonSet is left as it is, never deleted under it.
                        current.stream()
                                .filter(ds -> layout.equals(layoutOf(ds)))
                                .forEach(ds -> kept.add(ds.getMetadata().getName()));
                    }
                });
        apply.forEach(ds -> kept.add(ds.getMetadata().getName()));
        List<String> delete = new ArrayList<>();
        List<String> orphan = new ArrayList<>();
        for (DaemonSet ds : current) {
            String name = ds.getMetadata().getName();
            if (!kept.contains(name)) {
                (layoutOf(ds) == null ? orphan : delete).add(name);
            }
        }
        return new Changes(apply, delete, orphan);
    }

    /**
     * Each edge node's layout id: that of its live pod while the pod stays, else the layout its
     * RendEdgeNode declares. Nodes whose live pod has no layout (from before layouts) are left out.
     */
    static Map<String, String> placement(
            RegionEdges edges, Map<String, Pod> podsByNode, Plan plan) {
        Map<String, String> placement = new TreeMap<>();
        for (String node : edges.nodeNames()) {
            String desired = edges.layout(node).id();
            Pod pod = podsByNode.get(node);
            if (pod == null
                    || EdgePods.terminating(pod)
                    || plan.podsToDelete().contains(pod.getMetadata().getName())) {
                placement.put(node, desired);
                continue;
            }
            Map<String, String> labels = pod.getMetadata().getLabels();
            String running =
                    labels == null ? null : labels.get(ResourceNames.EDGE_CACHE_LAYOUT_LABEL);
            if (running != null) {
                placement.put(node, running);
            }
        }
        return placement;
    }

    private static String layoutOf(DaemonSet ds) {
        Map<String, String> labels = ds.getMetadata().getLabels();
        return labels == null ? null : labels.get(ResourceNames.EDGE_CACHE_LAYOUT_LABEL);
    }
}
