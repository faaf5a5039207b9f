package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static so.rend.operator.Fixtures.edgeNode;
import static so.rend.operator.Fixtures.region;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.RegionRollout.Plan;

class EdgeDaemonSetsTest {
    static final Plan NO_STEPS = deleting();

    private final RendRegion region = region("edge", "fra", "ghcr.io/rend/edge:1");
    private final List<RendEdgeNode> nodes =
            new ArrayList<>(
                    List.of(
                            edgeNode("edge", "metal-a", "fra", "203.0.113.1", "/mnt/nvme0/rend"),
                            edgeNode("edge", "metal-b", "fra", "203.0.113.2", "/mnt/nvme0/rend")));

    @Test
    void eachCacheLayoutRunsInItsOwnDaemonSetPinnedToItsNodes() {
        nodes.add(edgeNode("edge", "metal-c", "fra", "203.0.113.3", "/srv/cache/rend"));
        var edges = RegionEdges.fromCrd(region, nodes);
        var changes = EdgeDaemonSets.of(edges, Map.of(), NO_STEPS, List.of());

        assertThat(changes.apply()).hasSize(2);
        Map<String, DaemonSet> byLayout = new HashMap<>();
        changes.apply()
                .forEach(
                        ds ->
                                byLayout.put(
                                        ds.getSpec()
                                                .getSelector()
                                                .getMatchLabels()
                                                .get(ResourceNames.EDGE_CACHE_LAYOUT_LABEL),
                                        ds));
        DaemonSet nvme = byLayout.get(edges.layout("metal-a").id());
        DaemonSet srv = byLayout.get(edges.layout("metal-c").id());
        assertThat(Fixtures.pinnedNodes(nvme)).containsExactly("metal-a", "metal-b");
        assertThat(Fixtures.pinnedNodes(srv)).containsExactly("metal-c");
        assertThat(hostPath(nvme)).isEqualTo("/mnt/nvme0/rend/rend-edge");
        assertThat(hostPath(srv)).isEqualTo("/srv/cache/rend/rend-edge");
        assertThat(edges.desiredHash("metal-a")).isNotEqualTo(edges.desiredHash("metal-c"));
        assertThat(changes.delete()).isEmpty();
        assertThat(changes.orphan()).isEmpty();
    }

    @Test
    void addingANodeWithAnotherCachePathChangesNeitherTheOtherNodesDaemonSetNorTheirHash() {
        var before = RegionEdges.fromCrd(region, nodes);
        DaemonSet alone = RegionEdgesTest.onlyDaemonSet(before);
        nodes.add(edgeNode("edge", "metal-c", "fra", "203.0.113.3", "/srv/cache/rend"));
        var after = RegionEdges.fromCrd(region, nodes);

        var changes =
                EdgeDaemonSets.of(
                        after,
                        Map.of("metal-a", pod("a1", "metal-a", before.layout("metal-a"))),
                        NO_STEPS,
                        List.of(alone));
        assertThat(changes.apply())
                .filteredOn(ds -> ds.getMetadata().getName().equals(alone.getMetadata().getName()))
                .singleElement()
                .satisfies(
                        ds ->
                                assertThat(Serialization.asJson(ds))
                                        .isEqualTo(Serialization.asJson(alone)));
        assertThat(after.desiredHash("metal-a")).isEqualTo(before.desiredHash("metal-a"));
    }

    @Test
    void aNodeWhoseLayoutChangedStaysWithItsPodsDaemonSetUntilTheRolloutDeletesThePod() {
        var before = RegionEdges.fromCrd(region, nodes);
        DaemonSet old = RegionEdgesTest.onlyDaemonSet(before);
        nodes.set(1, edgeNode("edge", "metal-b", "fra", "203.0.113.2", "/srv/cache/rend"));
        var after = RegionEdges.fromCrd(region, nodes);
        Map<String, Pod> pods =
                Map.of(
                        "metal-a", pod("a1", "metal-a", before.layout("metal-a")),
                        "metal-b", pod("b1", "metal-b", before.layout("metal-b")));

        var waiting = EdgeDaemonSets.of(after, pods, NO_STEPS, List.of(old));
        assertThat(waiting.apply())
                .singleElement()
                .satisfies(
                        ds ->
                                assertThat(Fixtures.pinnedNodes(ds))
                                        .containsExactly("metal-a", "metal-b"));

        var replacing = EdgeDaemonSets.of(after, pods, deleting("b1"), List.of(old));
        assertThat(replacing.apply()).hasSize(2);
        assertThat(replacing.apply())
                .extracting(Fixtures::pinnedNodes)
                .containsExactlyInAnyOrder(List.of("metal-a"), List.of("metal-b"));
        assertThat(replacing.delete()).isEmpty();
    }

    @Test
    void aLayoutNoNodeDeclaresAnyMoreIsReadBackFromItsDaemonSetThenDeletedOnceEmpty() {
        var before = RegionEdges.fromCrd(region, nodes.subList(0, 1));
        DaemonSet old = RegionEdgesTest.onlyDaemonSet(before);
        nodes.set(0, edgeNode("edge", "metal-a", "fra", "203.0.113.1", "/srv/cache/rend"));
        nodes.remove(1);
        var after = RegionEdges.fromCrd(region, nodes);
        Map<String, Pod> pods = Map.of("metal-a", pod("a1", "metal-a", before.layout("metal-a")));

        var waiting = EdgeDaemonSets.of(after, pods, NO_STEPS, List.of(old));
        assertThat(waiting.apply())
                .singleElement()
                .satisfies(ds -> assertThat(hostPath(ds)).isEqualTo("/mnt/nvme0/rend/rend-edge"));
        assertThat(waiting.delete()).isEmpty();

        var moved = EdgeDaemonSets.of(after, Map.of(), NO_STEPS, List.of(old));
        assertThat(moved.apply())
                .singleElement()
                .satisfies(ds -> assertThat(hostPath(ds)).isEqualTo("/srv/cache/rend/rend-edge"));
        assertThat(moved.delete()).containsExactly(old.getMetadata().getName());
    }

    @Test
    void theDaemonSetFromBeforeLayoutsIsOrphanedAndItsNodesWaitForTheRollout() {
        DaemonSet legacy =
                new DaemonSetBuilder()
                        .withNewMetadata()
                        .withName("fra-edge")
                        .withLabels(RegionEdges.fromCrd(region, nodes).selectorLabels())
                        .endMetadata()
                        .build();
        var edges = RegionEdges.fromCrd(region, nodes);
        Map<String, Pod> pods =
                Map.of(
                        "metal-a", pod("a1", "metal-a", null),
                        "metal-b", pod("b1", "metal-b", null));

        var changes = EdgeDaemonSets.of(edges, pods, deleting("a1"), List.of(legacy));
        assertThat(changes.orphan()).containsExactly("fra-edge");
        assertThat(changes.delete()).isEmpty();
        // metal-b's pod keeps serving, pinned to no DaemonSet, until its turn.
        assertThat(changes.apply())
                .singleElement()
                .satisfies(ds -> assertThat(Fixtures.pinnedNodes(ds)).containsExactly("metal-a"));
    }

    @Test
    void aDaemonSetWhoseLayoutCannotBeReadBackIsNeverDeletedUnderItsPods() {
        var edges = RegionEdges.fromCrd(region, nodes);
        DaemonSet tampered = RegionEdgesTest.onlyDaemonSet(edges);
        tampered.getMetadata().setAnnotations(Map.of());
        nodes.replaceAll(
                n ->
                        edgeNode(
                                "edge",
                                n.getSpec().nodeName,
                                "fra",
                                n.getSpec().publicAddresses.get(0),
                                "/srv/cache/rend"));
        var moved = RegionEdges.fromCrd(region, nodes);
        Map<String, Pod> pods = Map.of("metal-a", pod("a1", "metal-a", edges.layout("metal-a")));

        var changes = EdgeDaemonSets.of(moved, pods, NO_STEPS, List.of(tampered));
        assertThat(changes.delete()).isEmpty();
        assertThat(changes.orphan()).isEmpty();
        assertThat(changes.apply())
                .singleElement()
                .satisfies(ds -> assertThat(Fixtures.pinnedNodes(ds)).containsExactly("metal-b"));
    }

    private static Plan deleting(String... pods) {
        return new Plan(Set.of(), List.of(pods), List.of(), List.of(), false, List.of());
    }

    private static Pod pod(String name, String node, CacheLayout layout) {
        Map<String, String> labels = new HashMap<>();
        if (layout != null) {
            labels.put(ResourceNames.EDGE_CACHE_LAYOUT_LABEL, layout.id());
        }
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .build();
    }

    private static String hostPath(DaemonSet ds) {
        return ds.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getHostPath() != null)
                .findFirst()
                .orElseThrow()
                .getHostPath()
                .getPath();
    }
}
