package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static so.rend.operator.Fixtures.edgeNode;
import static so.rend.operator.Fixtures.region;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.RegionRollout.EdgeObservation;

class RegionObservationsTest {
    private final RendRegion region = region("edge", "fra", "ghcr.io/rend/edge:1");

    @Test
    void aReadyEdgeOnAnotherCachePathIsHeldUntilItsRendEdgeNodeApprovesThatPath() {
        CacheLayout old = CacheLayout.of(edgeNode("edge", "a", "fra", "203.0.113.1", "/mnt/rend"));
        RendEdgeNode moved = edgeNode("edge", "a", "fra", "203.0.113.1", "/srv/rend");
        assertThat(held(moved, pod(old.id(), true))).isTrue();

        moved.getMetadata()
                .setAnnotations(Map.of(ResourceNames.APPROVE_CACHE_PATH_ANNOTATION, "/x"));
        assertThat(held(moved, pod(old.id(), true))).as("another path approved").isTrue();

        moved.getMetadata()
                .setAnnotations(Map.of(ResourceNames.APPROVE_CACHE_PATH_ANNOTATION, "/srv/rend"));
        assertThat(held(moved, pod(old.id(), true))).isFalse();
    }

    @Test
    void aPodOnItsOwnLayoutFromBeforeLayoutsOrNotReadyIsNeverHeld() {
        RendEdgeNode node = edgeNode("edge", "a", "fra", "203.0.113.1", "/srv/rend");
        CacheLayout old = CacheLayout.of(edgeNode("edge", "a", "fra", "203.0.113.1", "/mnt/rend"));
        assertThat(held(node, pod(CacheLayout.of(node).id(), true))).isFalse();
        assertThat(held(node, pod(null, true))).isFalse();
        assertThat(held(node, pod(old.id(), false))).isFalse();
    }

    private boolean held(RendEdgeNode node, Pod pod) {
        List<EdgeObservation> observed =
                RegionObservations.of(
                        RegionEdges.fromCrd(region, List.of(node)),
                        Map.of("a", pod),
                        Set.of("a"),
                        new HashMap<>());
        return observed.get(0).cacheLayoutHeld();
    }

    private static Pod pod(String layout, boolean ready) {
        Map<String, String> labels = new HashMap<>();
        if (layout != null) {
            labels.put(ResourceNames.EDGE_CACHE_LAYOUT_LABEL, layout);
        }
        return new PodBuilder()
                .withNewMetadata()
                .withName("a-pod")
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withNodeName("a")
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }
}
