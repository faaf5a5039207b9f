package so.rend.operator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Chooses the next step of a region's node-by-node rollout from what is observed, with no I/O.
 *
 * <p>A node whose pod runs an outdated template is first withdrawn from DNS, then (after one DNS
 * TTL, so resolvers stop sending viewers) its pod is deleted; the DaemonSet brings a current pod,
 * which is warmed once ready and only then listed in DNS again. Nodes out of DNS — withdrawn,
 * replacing, warming or simply broken — never exceed {@code maxUnavailable}: a node is withdrawn
 * only while that budget allows it, and only while at least {@code minServing} other nodes stay
 * serving (a one-node region waits rather than go dark, unless {@code minServing} is 0). A ready
 * outdated pod that DNS does not list counts as serving until this plan withdrew it: DNS may be
 * gone (the DNSEndpoint deleted, external-dns installed later) while viewers still reach it, so
 * deleting it must come out of the same budget. A node that takes longer than {@code nodeTimeout}
 * to come back marks the rollout degraded and no further node is withdrawn until it recovers.
 *
 * <p>Everything the plan needs is either observed in the cluster (pods, the DNSEndpoint) or kept in
 * the region's status (phase start times, warmed hashes), so a restarted operator resumes.
 */
public final class RegionRollout {

    public enum Phase {
        /** Current template, ready, warmed: listed in DNS. */
        Serving,
        /** Outdated template, still listed in DNS, waiting its turn. */
        Outdated,
        /** Outdated template, taken out of DNS; the pod is deleted once DNS has drained. */
        Withdrawn,
        /** No pod, a terminating pod, or a current pod that is not ready yet. */
        Replacing,
        /** Current pod ready, being warmed before it is listed again. */
        Warming,
        /**
         * Its RendEdgeNode is being deleted: out of DNS at once, its pod left alone; the node's
         * finalizer releases it (and so the DaemonSet's pod) once DNS has drained.
         */
        Leaving
    }

    public record Policy(
            int maxUnavailable,
            int minServing,
            boolean warmBeforeServe,
            Duration nodeTimeout,
            Duration dnsDrain) {}

    /**
     * What the cluster and the region's status say about one edge node; {@code drainSince} is when
     * its DNS drain began (one TTL after it, a withdrawn pod may go; see {@link DnsDrain}), null
     * while it has not; {@code cacheLayoutHeld}: its ready pod runs another cache path than its
     * RendEdgeNode declares and no one approved the move, which would start it on an empty disk
     * cache.
     */
    public record EdgeObservation(
            String node,
            String podName,
            boolean podTerminating,
            boolean podReady,
            String podTemplateHash,
            boolean inDns,
            String warmedTemplateHash,
            Phase previousPhase,
            Instant previousSince,
            boolean leaving,
            Instant drainSince,
            boolean cacheLayoutHeld) {

        boolean hasPod() {
            return podName != null && !podTerminating;
        }
    }

    public record NodeStep(
            String node,
            Phase phase,
            Instant since,
            String podTemplateHash,
            String desiredHash,
            boolean degraded) {}

    public record Plan(
            Set<String> dnsNodes,
            List<String> podsToDelete,
            List<String> nodesToWarm,
            List<NodeStep> nodes,
            boolean heldByMinServing,
            List<String> heldForCacheLayout) {

        public boolean degraded() {
            return nodes.stream().anyMatch(NodeStep::degraded);
        }

        public boolean complete() {
            return nodes.stream().allMatch(n -> n.phase() == Phase.Serving);
        }

        public long updatedNodes() {
            return nodes.stream().filter(n -> n.desiredHash().equals(n.podTemplateHash())).count();
        }

        /** The template hash {@code node}'s pod should carry (null for a node not in the plan). */
        public String desiredHash(String node) {
            return nodes.stream()
                    .filter(n -> n.node().equals(node))
                    .map(NodeStep::desiredHash)
                    .findFirst()
                    .orElse(null);
        }

        public List<String> nodesInFlight() {
            return nodes.stream()
                    .filter(n -> n.phase() != Phase.Serving && n.phase() != Phase.Outdated)
                    .map(NodeStep::node)
                    .toList();
        }
    }

    private RegionRollout() {}

    /**
     * @param desiredHashOf the template hash each node's pod should carry (nodes of different cache
     *     layouts run different templates)
     */
    public static Plan plan(
            Function<String, String> desiredHashOf,
            List<EdgeObservation> observations,
            Policy policy,
            Instant now) {
        List<EdgeObservation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(EdgeObservation::node));
        List<NodeStep> steps = new ArrayList<>();
        for (EdgeObservation o : sorted) {
            String desiredHash = desiredHashOf.apply(o.node());
            steps.add(step(o, firstPhase(o, desiredHash, policy), desiredHash, policy, now));
        }
        List<String> layoutHeld = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).phase() == Phase.Outdated && sorted.get(i).cacheLayoutHeld()) {
                layoutHeld.add(steps.get(i).node());
            }
        }
        boolean held = withdraw(sorted, steps, layoutHeld, policy, now);
        Set<String> dns = new TreeSet<>();
        List<String> delete = new ArrayList<>();
        List<String> warm = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            NodeStep s = steps.get(i);
            EdgeObservation o = sorted.get(i);
            switch (s.phase()) {
                case Serving, Outdated -> dns.add(s.node());
                case Warming -> warm.add(s.node());
                case Withdrawn -> {
                    // One TTL after external-dns took the records without it (DnsDrain).
                    boolean drained =
                            !o.inDns()
                                    && s.since().equals(o.previousSince())
                                    && o.drainSince() != null
                                    && !o.drainSince().plus(policy.dnsDrain()).isAfter(now);
                    if (!o.podReady() || drained) {
                        delete.add(o.podName());
                    }
                }
                case Replacing, Leaving -> {}
            }
        }
        return new Plan(dns, delete, warm, steps, held, layoutHeld);
    }

    /**
     * Withdraws outdated nodes from DNS in name order while the budget allows (none while a node is
     * late; never one held for its cache layout); true when {@code minServing} stopped it.
     */
    private static boolean withdraw(
            List<EdgeObservation> sorted,
            List<NodeStep> steps,
            List<String> layoutHeld,
            Policy policy,
            Instant now) {
        boolean degraded = steps.stream().anyMatch(NodeStep::degraded);
        long outOfDns = steps.stream().filter(s -> !listed(s.phase())).count();
        long serving = steps.size() - outOfDns;
        for (int i = 0; i < steps.size() && !degraded && outOfDns < policy.maxUnavailable(); i++) {
            NodeStep step = steps.get(i);
            if (step.phase() != Phase.Outdated || layoutHeld.contains(step.node())) {
                continue;
            }
            if (serving <= policy.minServing()) {
                return true;
            }
            steps.set(i, step(sorted.get(i), Phase.Withdrawn, step.desiredHash(), policy, now));
            outOfDns++;
            serving--;
        }
        return false;
    }

    /**
     * Where no DNSEndpoint can be read (external-dns' CRD missing), the nodes the last plan kept
     * serving stand in for "listed in DNS", so a rollout still takes one node at a time.
     */
    public static Set<String> servingAccordingToStatus(Map<String, Phase> previousPhases) {
        Set<String> serving = new TreeSet<>();
        previousPhases.forEach(
                (node, phase) -> {
                    if (listed(phase)) {
                        serving.add(node);
                    }
                });
        return serving;
    }

    private static Phase firstPhase(EdgeObservation o, String desiredHash, Policy policy) {
        if (o.leaving()) {
            return Phase.Leaving;
        }
        if (!o.hasPod()) {
            return Phase.Replacing;
        }
        boolean current = desiredHash.equals(o.podTemplateHash());
        if (current) {
            if (!o.podReady()) {
                return Phase.Replacing;
            }
            boolean warmed =
                    !policy.warmBeforeServe() || desiredHash.equals(o.warmedTemplateHash());
            return warmed ? Phase.Serving : Phase.Warming;
        }
        // A ready outdated pod serves until this plan withdraws it, listed in DNS or not (DNS may
        // be
        // gone while viewers still reach it); a pod that is not ready serves no one and may go.
        boolean withdrawnBefore = o.previousPhase() == Phase.Withdrawn && !o.inDns();
        return o.podReady() && !withdrawnBefore ? Phase.Outdated : Phase.Withdrawn;
    }

    private static NodeStep step(
            EdgeObservation o, Phase phase, String desiredHash, Policy policy, Instant now) {
        Instant since =
                phase == o.previousPhase() && o.previousSince() != null ? o.previousSince() : now;
        boolean late =
                (phase == Phase.Replacing || phase == Phase.Warming)
                        && since.plus(policy.nodeTimeout()).isBefore(now);
        return new NodeStep(
                o.node(), phase, since, o.hasPod() ? o.podTemplateHash() : null, desiredHash, late);
    }

    private static boolean listed(Phase phase) {
        return phase == Phase.Serving || phase == Phase.Outdated;
    }
}
