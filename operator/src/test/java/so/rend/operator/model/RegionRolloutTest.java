package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import so.rend.operator.model.RegionRollout.EdgeObservation;
import so.rend.operator.model.RegionRollout.NodeStep;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;
import so.rend.operator.model.RegionRollout.Policy;

class RegionRolloutTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Policy ONE_AT_A_TIME =
            new Policy(1, 1, true, Duration.ofMinutes(10), Duration.ofSeconds(60));

    private static EdgeObservation serving(String node, String hash) {
        return new EdgeObservation(
                node,
                node + "-pod",
                false,
                true,
                hash,
                true,
                hash,
                Phase.Serving,
                T0,
                false,
                T0,
                false);
    }

    @Test
    void newRegionListsNoEdgeUntilItsPodIsReadyAndWarm() {
        var noPods =
                RegionRollout.plan(
                        n -> "h1",
                        List.of(
                                new EdgeObservation(
                                        "a", null, false, false, null, false, null, null, null,
                                        false, null, false),
                                new EdgeObservation(
                                        "b", "b-pod", false, false, "h1", false, null, null, null,
                                        false, null, false)),
                        ONE_AT_A_TIME,
                        T0);
        assertThat(noPods.dnsNodes()).isEmpty();
        assertThat(noPods.podsToDelete()).isEmpty();
        assertThat(noPods.nodes())
                .extracting(RegionRollout.NodeStep::phase)
                .containsOnly(Phase.Replacing);

        var readyNotWarm =
                RegionRollout.plan(
                        n -> "h1",
                        List.of(
                                new EdgeObservation(
                                        "a", "a-pod", false, true, "h1", false, null, null, null,
                                        false, null, false)),
                        ONE_AT_A_TIME,
                        T0);
        assertThat(readyNotWarm.dnsNodes()).isEmpty();
        assertThat(readyNotWarm.nodesToWarm()).containsExactly("a");

        var warm =
                RegionRollout.plan(
                        n -> "h1",
                        List.of(
                                new EdgeObservation(
                                        "a",
                                        "a-pod",
                                        false,
                                        true,
                                        "h1",
                                        false,
                                        "h1",
                                        Phase.Warming,
                                        T0,
                                        false,
                                        T0,
                                        false)),
                        ONE_AT_A_TIME,
                        T0);
        assertThat(warm.dnsNodes()).containsExactly("a");
        assertThat(warm.complete()).isTrue();
    }

    @Test
    void withoutWarmBeforeServeAReadyEdgeIsListedAtOnce() {
        var policy = new Policy(1, 1, false, Duration.ofMinutes(10), Duration.ofSeconds(60));
        var plan =
                RegionRollout.plan(
                        n -> "h1",
                        List.of(
                                new EdgeObservation(
                                        "a", "a-pod", false, true, "h1", false, null, null, null,
                                        false, null, false)),
                        policy,
                        T0);
        assertThat(plan.dnsNodes()).containsExactly("a");
        assertThat(plan.nodesToWarm()).isEmpty();
    }

    @Test
    void templateChangeWithdrawsOneNodeAndDeletesItsPodOnlyAfterDnsDrained() {
        List<EdgeObservation> all =
                List.of(serving("a", "h1"), serving("b", "h1"), serving("c", "h1"));
        Plan first = RegionRollout.plan(n -> "h2", all, ONE_AT_A_TIME, T0);
        assertThat(first.dnsNodes()).containsExactly("b", "c");
        assertThat(first.podsToDelete()).isEmpty();
        assertThat(first.nodes().get(0).phase()).isEqualTo(Phase.Withdrawn);

        var withdrawnA =
                new EdgeObservation(
                        "a",
                        "a-pod",
                        false,
                        true,
                        "h1",
                        false,
                        "h1",
                        Phase.Withdrawn,
                        T0,
                        false,
                        T0,
                        false);
        Plan draining =
                RegionRollout.plan(
                        n -> "h2",
                        List.of(withdrawnA, all.get(1), all.get(2)),
                        ONE_AT_A_TIME,
                        T0.plusSeconds(59));
        assertThat(draining.podsToDelete()).isEmpty();
        assertThat(draining.dnsNodes()).containsExactly("b", "c");

        Plan drained =
                RegionRollout.plan(
                        n -> "h2",
                        List.of(withdrawnA, all.get(1), all.get(2)),
                        ONE_AT_A_TIME,
                        T0.plusSeconds(60));
        assertThat(drained.podsToDelete()).containsExactly("a-pod");
        assertThat(drained.dnsNodes()).containsExactly("b", "c");
    }

    @Test
    void neverTakesMoreThanMaxUnavailableOutOfDns() {
        var brokenB =
                new EdgeObservation(
                        "b",
                        "b-pod",
                        false,
                        false,
                        "h1",
                        false,
                        "h1",
                        Phase.Replacing,
                        T0,
                        false,
                        T0,
                        false);
        Plan plan =
                RegionRollout.plan(
                        n -> "h2",
                        List.of(serving("a", "h1"), brokenB, serving("c", "h1")),
                        ONE_AT_A_TIME,
                        T0);
        assertThat(plan.dnsNodes()).containsExactly("a", "c");
        assertThat(plan.nodes())
                .extracting(RegionRollout.NodeStep::phase)
                .containsExactly(Phase.Outdated, Phase.Withdrawn, Phase.Outdated);
        // The broken outdated pod serves nobody: it is replaced at once.
        assertThat(plan.podsToDelete()).containsExactly("b-pod");

        var two = new Policy(2, 1, true, Duration.ofMinutes(10), Duration.ofSeconds(60));
        Plan wider =
                RegionRollout.plan(
                        n -> "h2",
                        List.of(serving("a", "h1"), serving("b", "h1"), serving("c", "h1")),
                        two,
                        T0);
        assertThat(wider.dnsNodes()).containsExactly("c");
    }

    @Test
    void aNodeThatDoesNotComeBackInTimePausesTheRollout() {
        var two = new Policy(2, 1, true, Duration.ofMinutes(10), Duration.ofSeconds(60));
        var stuck =
                new EdgeObservation(
                        "a",
                        "a-pod",
                        false,
                        false,
                        "h2",
                        false,
                        "h1",
                        Phase.Replacing,
                        T0,
                        false,
                        T0,
                        false);
        Plan early =
                RegionRollout.plan(
                        n -> "h2",
                        List.of(stuck, serving("b", "h1"), serving("c", "h1")),
                        two,
                        T0.plusSeconds(60));
        assertThat(early.degraded()).isFalse();
        assertThat(early.dnsNodes()).containsExactly("c");

        Plan late =
                RegionRollout.plan(
                        n -> "h2",
                        List.of(stuck, serving("b", "h1"), serving("c", "h1")),
                        two,
                        T0.plusSeconds(601));
        assertThat(late.degraded()).isTrue();
        assertThat(late.dnsNodes()).containsExactly("b", "c");
        assertThat(late.podsToDelete()).isEmpty();
    }

    @Test
    void withoutDnsTheLastPlansServingNodesStandInForTheListedOnes() {
        var serving =
                RegionRollout.servingAccordingToStatus(
                        Map.of(
                                "a",
                                Phase.Serving,
                                "b",
                                Phase.Outdated,
                                "c",
                                Phase.Withdrawn,
                                "d",
                                Phase.Replacing,
                                "e",
                                Phase.Warming));
        assertThat(serving).containsExactly("a", "b");
        // Fed back as "listed", a template change still withdraws one node at a time.
        List<EdgeObservation> observed = List.of(serving("a", "h1"), serving("b", "h1"));
        Plan plan = RegionRollout.plan(n -> "h2", observed, ONE_AT_A_TIME, T0);
        assertThat(plan.dnsNodes()).containsExactly("b");
        assertThat(plan.podsToDelete()).isEmpty();
    }

    @Test
    void resumesAWithdrawalThatARestartInterrupted() {
        var withdrawnLongAgo =
                new EdgeObservation(
                        "a",
                        "a-pod",
                        false,
                        true,
                        "h1",
                        false,
                        "h1",
                        Phase.Withdrawn,
                        T0,
                        false,
                        T0,
                        false);
        Plan plan =
                RegionRollout.plan(
                        n -> "h2",
                        List.of(withdrawnLongAgo, serving("b", "h1")),
                        ONE_AT_A_TIME,
                        T0.plusSeconds(3600));
        assertThat(plan.podsToDelete()).containsExactly("a-pod");
        assertThat(plan.dnsNodes()).containsExactly("b");
    }

    @Test
    void wholeRolloutKeepsAtMostMaxUnavailableOutOfDnsAndEndsOnTheNewTemplate() {
        for (int maxUnavailable : new int[] {1, 2}) {
            var policy =
                    new Policy(
                            maxUnavailable,
                            1,
                            true,
                            Duration.ofMinutes(10),
                            Duration.ofSeconds(30));
            List<String> nodes = List.of("a", "b", "c", "d", "e");
            Map<String, String> podHash = new HashMap<>();
            Map<String, Boolean> podReady = new HashMap<>();
            Map<String, String> warmed = new HashMap<>();
            Map<String, RegionRollout.NodeStep> previous = new HashMap<>();
            nodes.forEach(
                    n -> {
                        podHash.put(n, "h1");
                        podReady.put(n, true);
                        warmed.put(n, "h1");
                    });
            Set<String> dns = new TreeSet<>(nodes);
            Set<String> replacedOrder = new LinkedHashSet<>();
            Instant now = T0;
            for (int step = 0; step < 200; step++) {
                now = now.plusSeconds(10);
                List<EdgeObservation> observed = new ArrayList<>();
                for (String n : nodes) {
                    var p = previous.get(n);
                    observed.add(
                            new EdgeObservation(
                                    n,
                                    podHash.get(n) == null ? null : n + "-pod",
                                    false,
                                    podReady.getOrDefault(n, false),
                                    podHash.get(n),
                                    dns.contains(n),
                                    warmed.get(n),
                                    p == null ? null : p.phase(),
                                    p == null ? null : p.since(),
                                    false,
                                    p == null ? null : p.since(),
                                    false));
                }
                Plan plan = RegionRollout.plan(n -> "h2", observed, policy, now);
                plan.nodes().forEach(s -> previous.put(s.node(), s));
                dns = new TreeSet<>(plan.dnsNodes());
                assertThat(nodes.size() - dns.size())
                        .as("out of DNS at step %d", step)
                        .isLessThanOrEqualTo(maxUnavailable);
                for (String n : plan.nodesToWarm()) {
                    warmed.put(n, "h2");
                }
                // The kubelet and the DaemonSet controller: a deleted pod comes back current, ready
                // a step later.
                for (String n : nodes) {
                    if (podHash.get(n) == null) {
                        podHash.put(n, "h2");
                        podReady.put(n, false);
                    } else if (!podReady.get(n)) {
                        podReady.put(n, true);
                    }
                }
                for (String pod : plan.podsToDelete()) {
                    String n = pod.substring(0, pod.indexOf('-'));
                    assertThat(dns).doesNotContain(n);
                    podHash.remove(n);
                    podReady.put(n, false);
                    replacedOrder.add(n);
                }
                if (plan.complete() && "h2".equals(podHash.get("a"))) {
                    break;
                }
            }
            assertThat(podHash.values()).containsOnly("h2");
            assertThat(dns).containsExactlyElementsOf(nodes);
            assertThat(replacedOrder).containsExactlyElementsOf(nodes);
        }
    }

    @Test
    void anEdgeWhoseCachePathChangedWaitsForApprovalWhileTheOthersRollOn() {
        List<EdgeObservation> observed =
                List.of(
                        new EdgeObservation(
                                "a",
                                "a-pod",
                                false,
                                true,
                                "h1",
                                true,
                                "h1",
                                Phase.Serving,
                                T0,
                                false,
                                T0,
                                true),
                        new EdgeObservation(
                                "b",
                                "b-pod",
                                false,
                                true,
                                "h1",
                                true,
                                "h1",
                                Phase.Serving,
                                T0,
                                false,
                                T0,
                                false));
        Plan plan = RegionRollout.plan(n -> "h2", observed, ONE_AT_A_TIME, T0);
        assertThat(plan.heldForCacheLayout()).containsExactly("a");
        assertThat(plan.nodes())
                .extracting(NodeStep::phase)
                .containsExactly(Phase.Outdated, Phase.Withdrawn);
        assertThat(plan.dnsNodes()).containsExactly("a");
    }

    @Test
    void aReadyOutdatedEdgeThatDnsDoesNotListStillCountsAgainstTheBudget() {
        // The DNSEndpoint is gone (pruned, or external-dns installed later): nothing is listed.
        List<EdgeObservation> observed = new ArrayList<>();
        for (String node : List.of("a", "b", "c", "d", "e")) {
            observed.add(
                    new EdgeObservation(
                            node,
                            node + "-pod",
                            false,
                            true,
                            "h1",
                            false,
                            "h1",
                            Phase.Serving,
                            T0,
                            false,
                            T0,
                            false));
        }
        Plan plan = RegionRollout.plan(n -> "h2", observed, ONE_AT_A_TIME, T0);
        assertThat(plan.nodes())
                .filteredOn(n -> n.phase() == Phase.Withdrawn)
                .extracting(RegionRollout.NodeStep::node)
                .containsExactly("a");
        assertThat(plan.podsToDelete()).as("not before the drain").isEmpty();
        assertThat(plan.dnsNodes()).containsExactly("b", "c", "d", "e");
    }

    @Test
    void aOneNodeRegionWaitsInsteadOfGoingDarkUnlessMinServingIsZero() {
        List<EdgeObservation> one = List.of(serving("a", "h1"));
        Plan held = RegionRollout.plan(n -> "h2", one, ONE_AT_A_TIME, T0);
        assertThat(held.nodes().get(0).phase()).isEqualTo(Phase.Outdated);
        assertThat(held.heldByMinServing()).isTrue();
        assertThat(held.dnsNodes()).containsExactly("a");
        assertThat(held.podsToDelete()).isEmpty();

        var darkAllowed = new Policy(1, 0, true, Duration.ofMinutes(10), Duration.ofSeconds(60));
        Plan allowed = RegionRollout.plan(n -> "h2", one, darkAllowed, T0);
        assertThat(allowed.nodes().get(0).phase()).isEqualTo(Phase.Withdrawn);
        assertThat(allowed.heldByMinServing()).isFalse();
    }

    @Test
    void minServingBoundsTheWithdrawalsBelowMaxUnavailable() {
        var policy = new Policy(3, 2, true, Duration.ofMinutes(10), Duration.ofSeconds(60));
        List<EdgeObservation> three =
                List.of(serving("a", "h1"), serving("b", "h1"), serving("c", "h1"));
        Plan plan = RegionRollout.plan(n -> "h2", three, policy, T0);
        assertThat(plan.dnsNodes()).containsExactly("b", "c");
        assertThat(plan.heldByMinServing()).isTrue();
    }

    @Test
    void aLeavingNodeLeavesDnsAtOnceAndKeepsItsPodForTheFinalizerToRelease() {
        var leaving =
                new EdgeObservation(
                        "c",
                        "c-pod",
                        false,
                        true,
                        "h1",
                        true,
                        "h1",
                        Phase.Serving,
                        T0,
                        true,
                        T0,
                        false);
        var plan =
                RegionRollout.plan(
                        n -> "h1",
                        List.of(serving("a", "h1"), serving("b", "h1"), leaving),
                        ONE_AT_A_TIME,
                        T0.plusSeconds(5));
        assertThat(plan.dnsNodes()).containsExactly("a", "b");
        assertThat(plan.podsToDelete()).isEmpty();
        assertThat(plan.nodes())
                .filteredOn(n -> n.node().equals("c"))
                .singleElement()
                .satisfies(
                        n -> {
                            assertThat(n.phase()).isEqualTo(Phase.Leaving);
                            assertThat(n.since()).isEqualTo(T0.plusSeconds(5));
                            assertThat(n.degraded()).isFalse();
                        });
    }
}
