package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.model.RegionRollout.NodeStep;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;

/**
 * When an edge taken out of DNS has drained: one record TTL after external-dns has taken the
 * records without it, not after the operator's own write (external-dns syncs on its interval, a
 * minute by default). external-dns says so by setting the DNSEndpoint's {@code
 * status.observedGeneration} to the generation it read; the region's status keeps, per node out of
 * DNS, the DNSEndpoint generation that first left it out and when the drain began. If external-dns
 * does not report within {@link #bound}, the drain counts from the withdrawal and the region says
 * so (Degraded, {@code ExternalDnsNotObserving}). Pure: the reconciler reads and writes.
 */
public final class DnsDrain {
    public static final String OBSERVED = "ExternalDnsObserved";
    public static final String SILENT = "ExternalDnsSilent";
    public static final String NO_EXTERNAL_DNS = "NoExternalDns";

    /** The shortest wait for external-dns, whatever the TTL. */
    static final Duration MIN_BOUND = Duration.ofMinutes(2);

    /**
     * The region's DNSEndpoint as read or written: its uid and generation, and the generation
     * external-dns last observed (null when it never reported).
     */
    public record Records(String uid, long generation, Long observedGeneration) {
        String version() {
            return uid + "/" + generation;
        }

        boolean observed(String withdrawnIn) {
            int slash = withdrawnIn.lastIndexOf('/');
            if (observedGeneration == null
                    || slash < 0
                    || !withdrawnIn.substring(0, slash).equals(uid)) {
                return false;
            }
            try {
                return observedGeneration >= Long.parseLong(withdrawnIn.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    private DnsDrain() {}

    /** What a DNSEndpoint (as read or as written; null: none) says of itself and external-dns. */
    public static Records records(GenericKubernetesResource endpoint) {
        if (endpoint == null) {
            return null;
        }
        Long observed = null;
        if (endpoint.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                && status.get("observedGeneration") instanceof Number generation) {
            observed = generation.longValue();
        }
        Long generation = endpoint.getMetadata().getGeneration();
        return new Records(
                endpoint.getMetadata().getUid(), generation == null ? 0 : generation, observed);
    }

    /** How long a withdrawal waits for external-dns to report: three TTLs, two minutes at least. */
    public static Duration bound(Duration ttl) {
        Duration three = ttl.multipliedBy(3);
        return three.compareTo(MIN_BOUND) > 0 ? three : MIN_BOUND;
    }

    /**
     * Before planning: begins the drain of each node out of DNS whose drain has not begun, once
     * external-dns is seen to have observed the records without it ({@code records}, null when
     * there is no DNSEndpoint), once the bound since its withdrawal has passed, or at once where
     * DNS is not managed (no external-dns CRD: no records to wait for).
     */
    public static void observe(
            Map<String, RegionNodeStatus> nodes,
            boolean dnsManaged,
            Records records,
            Duration ttl,
            Instant now) {
        for (RegionNodeStatus node : nodes.values()) {
            if (!outOfDns(node.phase) || node.dnsDrainSince != null || node.since == null) {
                continue;
            }
            Instant withdrawn = Instant.parse(node.since);
            if (!dnsManaged) {
                begin(node, withdrawn, NO_EXTERNAL_DNS);
            } else if (node.dnsWithdrawnIn != null
                    && records != null
                    && records.observed(node.dnsWithdrawnIn)) {
                begin(node, now, OBSERVED);
            } else if (!withdrawn.plus(bound(ttl)).isAfter(now)) {
                begin(node, withdrawn, SILENT);
            }
        }
    }

    /**
     * After this reconcile's DNS write ({@code written}): each node the plan keeps out of DNS whose
     * drain has not begun is recorded as left out of these records, unless it already is of the
     * same DNSEndpoint (a DNSEndpoint deleted and created again starts over).
     */
    public static void record(Plan plan, Map<String, RegionNodeStatus> nodes, Records written) {
        for (NodeStep step : plan.nodes()) {
            if (!outOfDns(step.phase().name())) {
                continue;
            }
            RegionNodeStatus node = nodes.computeIfAbsent(step.node(), n -> new RegionNodeStatus());
            node.node = step.node();
            boolean sameRecords =
                    node.dnsWithdrawnIn != null
                            && node.dnsWithdrawnIn.startsWith(written.uid() + "/");
            if (node.dnsDrainSince == null && !sameRecords) {
                node.dnsWithdrawnIn = written.version();
            }
        }
    }

    /** When the drain of a node out of DNS began (null: not yet, or the node is in DNS). */
    public static Instant drainSince(RegionNodeStatus node) {
        return node == null || node.dnsDrainSince == null || !outOfDns(node.phase)
                ? null
                : Instant.parse(node.dnsDrainSince);
    }

    static boolean outOfDns(String phase) {
        return Phase.Withdrawn.name().equals(phase) || Phase.Leaving.name().equals(phase);
    }

    private static void begin(RegionNodeStatus node, Instant since, String basis) {
        node.dnsDrainSince = since.toString();
        node.dnsDrainBasis = basis;
    }
}
