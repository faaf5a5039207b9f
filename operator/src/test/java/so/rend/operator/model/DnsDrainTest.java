package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.model.DnsDrain.Records;
import so.rend.operator.model.RegionRollout.NodeStep;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;

class DnsDrainTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void theDrainBeginsWhenExternalDnsHasObservedTheRecordsWithoutTheNode() {
        Map<String, RegionNodeStatus> nodes = new HashMap<>();
        DnsDrain.record(plan("a", Phase.Withdrawn), nodes, new Records("u1", 7, 6L));
        nodes.get("a").phase = Phase.Withdrawn.name();
        nodes.get("a").since = T0.toString();
        assertThat(nodes.get("a").dnsWithdrawnIn).isEqualTo("u1/7");

        // external-dns still on generation 6 (which listed the node): no drain yet.
        DnsDrain.observe(nodes, true, new Records("u1", 7, 6L), TTL, T0.plusSeconds(30));
        assertThat(DnsDrain.drainSince(nodes.get("a"))).isNull();

        DnsDrain.observe(nodes, true, new Records("u1", 8, 7L), TTL, T0.plusSeconds(45));
        assertThat(DnsDrain.drainSince(nodes.get("a"))).isEqualTo(T0.plusSeconds(45));
        assertThat(nodes.get("a").dnsDrainBasis).isEqualTo(DnsDrain.OBSERVED);

        // Once begun it stays, whatever the records do after.
        DnsDrain.record(plan("a", Phase.Withdrawn), nodes, new Records("u1", 9, 9L));
        DnsDrain.observe(nodes, true, new Records("u1", 9, 9L), TTL, T0.plusSeconds(50));
        assertThat(DnsDrain.drainSince(nodes.get("a"))).isEqualTo(T0.plusSeconds(45));
    }

    @Test
    void aDnsEndpointCreatedAgainIsWaitedForFromItsOwnGeneration() {
        Map<String, RegionNodeStatus> nodes = new HashMap<>();
        DnsDrain.record(plan("a", Phase.Leaving), nodes, new Records("u1", 12, 11L));
        nodes.get("a").phase = Phase.Leaving.name();
        nodes.get("a").since = T0.toString();
        // Deleted and created again: generation 1 of another uid says nothing of u1/12...
        DnsDrain.observe(nodes, true, new Records("u2", 1, 1L), TTL, T0.plusSeconds(5));
        assertThat(DnsDrain.drainSince(nodes.get("a"))).isNull();
        // ...so the node is recorded against the new one, and its observation counts.
        DnsDrain.record(plan("a", Phase.Leaving), nodes, new Records("u2", 2, 1L));
        assertThat(nodes.get("a").dnsWithdrawnIn).isEqualTo("u2/2");
        DnsDrain.observe(nodes, true, new Records("u2", 2, 2L), TTL, T0.plusSeconds(9));
        assertThat(DnsDrain.drainSince(nodes.get("a"))).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void externalDnsThatNeverReportsIsWaitedForBoundedlyThenTheDrainCountsFromTheWithdrawal() {
        Map<String, RegionNodeStatus> nodes = new HashMap<>();
        DnsDrain.record(plan("a", Phase.Withdrawn), nodes, new Records("u1", 3, null));
        nodes.get("a").phase = Phase.Withdrawn.name();
        nodes.get("a").since = T0.toString();
        Duration bound = DnsDrain.bound(TTL);
        assertThat(bound).isEqualTo(Duration.ofMinutes(3));
        assertThat(DnsDrain.bound(Duration.ofSeconds(5))).isEqualTo(Duration.ofMinutes(2));

        DnsDrain.observe(
                nodes, true, new Records("u1", 3, null), TTL, T0.plus(bound).minusSeconds(1));
        assertThat(DnsDrain.drainSince(nodes.get("a"))).isNull();
        DnsDrain.observe(nodes, true, new Records("u1", 3, null), TTL, T0.plus(bound));
        assertThat(DnsDrain.drainSince(nodes.get("a"))).isEqualTo(T0);
        assertThat(nodes.get("a").dnsDrainBasis).isEqualTo(DnsDrain.SILENT);
    }

    @Test
    void withoutExternalDnsTheDrainCountsFromTheWithdrawal() {
        RegionNodeStatus node = new RegionNodeStatus("a", "Withdrawn", "h0", null, T0.toString());
        Map<String, RegionNodeStatus> nodes = new HashMap<>(Map.of("a", node));
        DnsDrain.observe(nodes, false, null, TTL, T0.plusSeconds(2));
        assertThat(DnsDrain.drainSince(node)).isEqualTo(T0);
        assertThat(node.dnsDrainBasis).isEqualTo(DnsDrain.NO_EXTERNAL_DNS);
    }

    @Test
    void nodesInDnsHaveNoDrain() {
        RegionNodeStatus serving = new RegionNodeStatus("a", "Serving", "h1", null, T0.toString());
        serving.dnsDrainSince = T0.toString();
        assertThat(DnsDrain.drainSince(serving)).isNull();
        Map<String, RegionNodeStatus> nodes = new HashMap<>();
        DnsDrain.record(plan("b", Phase.Serving), nodes, new Records("u1", 3, 3L));
        assertThat(nodes).isEmpty();
    }

    @Test
    void readsGenerationsFromTheDnsEndpoint() {
        GenericKubernetesResource endpoint = new GenericKubernetesResource();
        endpoint.setMetadata(new ObjectMetaBuilder().withUid("u1").withGeneration(4L).build());
        assertThat(DnsDrain.records(endpoint)).isEqualTo(new Records("u1", 4, null));
        endpoint.setAdditionalProperty("status", Map.of("observedGeneration", 3));
        assertThat(DnsDrain.records(endpoint)).isEqualTo(new Records("u1", 4, 3L));
        assertThat(DnsDrain.records(null)).isNull();
    }

    private static Plan plan(String node, Phase phase) {
        return new Plan(
                Set.of(),
                List.of(),
                List.of(),
                List.of(new NodeStep(node, phase, T0, "h0", "h1", false)),
                false,
                List.of());
    }
}
