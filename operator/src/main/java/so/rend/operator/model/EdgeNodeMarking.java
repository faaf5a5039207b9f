package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import so.rend.operator.customresource.RendEdgeNode;

/** The labels and taint a RendEdgeNode puts on its Kubernetes Node, with no I/O. */
public final class EdgeNodeMarking {
    private EdgeNodeMarking() {}

    /** Whether the Node lacks the labels (or taint) its RendEdgeNode asks for, or has extra. */
    public static boolean needsMarking(Node node, RendEdgeNode edge) {
        Map<String, String> labels =
                node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        boolean tainted = hasTaint(node);
        return !"true".equals(labels.get(ResourceNames.NODE_EDGE_LABEL))
                || !Objects.equals(
                        edge.getSpec().region, labels.get(ResourceNames.NODE_REGION_LABEL))
                || tainted != Boolean.TRUE.equals(edge.getSpec().dedicated);
    }

    /** Labels the Node for its region's edge DaemonSet; taints it when the edge is dedicated. */
    public static Node mark(Node node, RendEdgeNode edge) {
        Map<String, String> labels =
                node.getMetadata().getLabels() == null
                        ? new HashMap<>()
                        : new HashMap<>(node.getMetadata().getLabels());
        labels.put(ResourceNames.NODE_EDGE_LABEL, "true");
        labels.put(ResourceNames.NODE_REGION_LABEL, edge.getSpec().region);
        node.getMetadata().setLabels(labels);
        List<Taint> taints = withoutEdgeTaint(node);
        if (Boolean.TRUE.equals(edge.getSpec().dedicated)) {
            taints.add(
                    new TaintBuilder()
                            .withKey(ResourceNames.NODE_EDGE_TAINT)
                            .withValue("true")
                            .withEffect("NoSchedule")
                            .build());
        }
        if (node.getSpec() == null) {
            node.setSpec(new NodeSpec());
        }
        node.getSpec().setTaints(taints);
        return node;
    }

    /** Takes the edge labels and taint off again. */
    public static Node unmark(Node node) {
        if (node.getMetadata().getLabels() != null) {
            Map<String, String> labels = new HashMap<>(node.getMetadata().getLabels());
            labels.remove(ResourceNames.NODE_EDGE_LABEL);
            labels.remove(ResourceNames.NODE_REGION_LABEL);
            node.getMetadata().setLabels(labels);
        }
        if (node.getSpec() != null) {
            node.getSpec().setTaints(withoutEdgeTaint(node));
        }
        return node;
    }

    private static boolean hasTaint(Node node) {
        return node.getSpec() != null
                && node.getSpec().getTaints() != null
                && node.getSpec().getTaints().stream()
                        .anyMatch(t -> ResourceNames.NODE_EDGE_TAINT.equals(t.getKey()));
    }

    private static List<Taint> withoutEdgeTaint(Node node) {
        List<Taint> taints = new ArrayList<>();
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            node.getSpec().getTaints().stream()
                    .filter(t -> !ResourceNames.NODE_EDGE_TAINT.equals(t.getKey()))
                    .forEach(taints::add);
        }
        return taints;
    }
}
