package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RendRegionStatus;
import so.rend.operator.model.RegionRollout.NodeStep;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;

class RegionStatusReportTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final RendRegion region = Fixtures.region("ns", "ams", "ghcr.io/rend/edge:1");

    @Test
    void aRegionWithEveryEdgeServingIsReadyNotProgressingNotDegraded() {
        var status =
                report(
                        edges("/mnt/rend", "/mnt/rend"),
                        plan(false, step("a", Phase.Serving), step("b", Phase.Serving)),
                        true);
        assertCondition(status, Conditions.READY, "True", "AllEdgesServing");
        assertCondition(status, Conditions.PROGRESSING, "False", "RolloutComplete");
        assertCondition(status, Conditions.DEGRADED, "False", "AsExpected");
        assertThat(status.nodesInDns).isEqualTo(2);
        assertThat(status.updatedNodes).isEqualTo(2);
        assertThat(status.nodes).extracting(n -> n.phase).containsExactly("Serving", "Serving");
    }

    @Test
    void aRegionMidRolloutIsProgressingAndSaysWhichNodesAreInFlight() {
        var status =
                report(
                        edges("/mnt/rend", "/mnt/rend"),
                        plan(false, step("a", Phase.Withdrawn), step("b", Phase.Serving)),
                        true);
        assertCondition(status, Conditions.READY, "False", "EdgesNotServing");
        assertCondition(status, Conditions.PROGRESSING, "True", "RollingOut");
        assertThat(message(status, Conditions.PROGRESSING)).contains("in flight: a");
        assertThat(status.nodesInFlight).containsExactly("a");
    }

    @Test
    void aRolloutHeldByMinServingSaysItWaits() {
        var status = report(edges("/mnt/rend"), plan(true, step("a", Phase.Outdated)), true);
        assertThat(message(status, Conditions.PROGRESSING))
                .contains("fewer than minServing serving");
    }

    @Test
    void aNodeLateToComeBackDegradesTheRegionWithNodeTimedOut() {
        var late = new NodeStep("a", Phase.Replacing, T0, "h0", "h1", true);
        var status =
                report(
                        edges("/mnt/rend", "/mnt/rend"),
                        plan(false, late, step("b", Phase.Serving)),
                        true);
        assertCondition(status, Conditions.DEGRADED, "True", "NodeTimedOut");
        assertThat(message(status, Conditions.DEGRADED)).contains("on a;");
    }

    @Test
    void nodesWithDifferentCacheDevicesAreNotADegradedRegion() {
        // Each cache layout runs in its own DaemonSet (EdgeDaemonSets).
        var status =
                report(
                        edges("/mnt/rend", "/srv/rend"),
                        plan(false, step("a", Phase.Serving), step("b", Phase.Serving)),
                        true);
        assertCondition(status, Conditions.DEGRADED, "False", "AsExpected");
    }

    @Test
    void anEdgeWaitingForItsCacheMoveDegradesTheRegionWithCacheLayoutMismatch() {
        var held =
                new Plan(
                        Set.of("a", "b"),
                        List.of(),
                        List.of(),
                        List.of(step("a", Phase.Serving), step("b", Phase.Outdated)),
                        false,
                        List.of("b"));
        var status = report(edges("/mnt/rend", "/srv/rend"), held, true);
        assertCondition(status, Conditions.DEGRADED, "True", "CacheLayoutMismatch");
        assertThat(message(status, Conditions.DEGRADED))
                .contains("on b ")
                .contains(ResourceNames.APPROVE_CACHE_PATH_ANNOTATION);
    }

    @Test
    void externalDnsThatNeverReportedDegradesTheRegionWithExternalDnsNotObserving() {
        RegionNodeStatus silent = new RegionNodeStatus("b", "Withdrawn", "h0", null, T0.toString());
        silent.dnsWithdrawnIn = "u1/4";
        silent.dnsDrainSince = T0.toString();
        silent.dnsDrainBasis = DnsDrain.SILENT;
        var status =
                RegionStatusReport.of(
                        new RegionStatusReport.Observed(
                                region,
                                edges("/mnt/rend", "/mnt/rend"),
                                new RendRegionStatus(),
                                plan(false, step("a", Phase.Serving), step("b", Phase.Withdrawn)),
                                Map.of(),
                                new HashMap<>(Map.of("b", silent)),
                                Map.of(),
                                Map.of(),
                                true),
                        T0);
        assertCondition(status, Conditions.DEGRADED, "True", "ExternalDnsNotObserving");
        assertThat(message(status, Conditions.DEGRADED)).contains("without b");
        assertThat(status.nodes.get(1).dnsDrainBasis).isEqualTo(DnsDrain.SILENT);
    }

    @Test
    void withoutExternalDnsTheRegionIsDegradedWithDnsEndpointCrdMissing() {
        var status = report(edges("/mnt/rend"), plan(false, step("a", Phase.Serving)), false);
        assertCondition(status, Conditions.DEGRADED, "True", "DnsEndpointCrdMissing");
        assertThat(status.nodesInDns).isZero();
    }

    @Test
    void aRegionNoEdgeNodeNamesIsNotReadyWithNoEdgeNodes() {
        var status = report(edges(), plan(false), true);
        assertCondition(status, Conditions.READY, "False", "NoEdgeNodes");
    }

    @Test
    void readyNodesCountLivePodsThatAreReadyOnly() {
        RegionEdges edges = edges("/mnt/rend", "/mnt/rend", "/mnt/rend");
        Map<String, Pod> pods =
                Map.of("a", pod(true, false), "b", pod(true, true), "c", pod(false, false));
        var status =
                RegionStatusReport.of(
                        new RegionStatusReport.Observed(
                                region,
                                edges,
                                new RendRegionStatus(),
                                plan(false, step("a", Phase.Serving)),
                                pods,
                                new HashMap<>(),
                                Map.of(),
                                Map.of(),
                                true),
                        T0);
        assertThat(status.readyNodes).isEqualTo(1);
    }

    @Test
    void aWarmErrorAndWarmProgressAreKeptOnTheirNode() {
        var status =
                RegionStatusReport.of(
                        new RegionStatusReport.Observed(
                                region,
                                edges("/mnt/rend"),
                                new RendRegionStatus(),
                                plan(false, step("a", Phase.Warming)),
                                Map.of(),
                                new HashMap<>(),
                                Map.of("a", "pod a has no IP yet"),
                                Map.of("a", "0/3 assets"),
                                true),
                        T0);
        assertThat(status.nodes.get(0).lastError).isEqualTo("pod a has no IP yet");
        assertThat(status.nodes.get(0).warmProgress).isEqualTo("0/3 assets");
    }

    private RendRegionStatus report(RegionEdges edges, Plan plan, boolean dnsManaged) {
        return RegionStatusReport.of(
                new RegionStatusReport.Observed(
                        region,
                        edges,
                        new RendRegionStatus(),
                        plan,
                        Map.of(),
                        new HashMap<>(),
                        Map.of(),
                        Map.of(),
                        dnsManaged),
                T0);
    }

    /** Edge nodes a, b, … of the region, each with one cache device at the given root. */
    private RegionEdges edges(String... cacheRoots) {
        List<RendEdgeNode> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < cacheRoots.length; i++) {
            String name = String.valueOf((char) ('a' + i));
            nodes.add(Fixtures.edgeNode("ns", name, "ams", "10.0.0." + (i + 1), cacheRoots[i]));
        }
        return RegionEdges.fromCrd(region, nodes);
    }

    private static NodeStep step(String node, Phase phase) {
        return new NodeStep(node, phase, T0, phase == Phase.Outdated ? "h0" : "h1", "h1", false);
    }

    private static Plan plan(boolean heldByMinServing, NodeStep... steps) {
        Set<String> dns =
                new java.util.TreeSet<>(
                        java.util.Arrays.stream(steps)
                                .filter(s -> s.phase() == Phase.Serving)
                                .map(NodeStep::node)
                                .toList());
        return new Plan(dns, List.of(), List.of(), List.of(steps), heldByMinServing, List.of());
    }

    private static Pod pod(boolean ready, boolean terminating) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withDeletionTimestamp(terminating ? T0.toString() : null)
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }

    private static void assertCondition(
            RendRegionStatus status, String type, String value, String reason) {
        ConditionAssertions.assertCondition(status.conditions, type, value, reason);
    }

    private static String message(RendRegionStatus status, String type) {
        return ConditionAssertions.message(status.conditions, type);
    }
}
