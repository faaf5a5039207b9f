package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RendRegionStatus;
import so.rend.operator.model.RegionRollout.Plan;

/**
 * A region's status from one reconcile's plan, with no I/O: counts, each node's phase, and the
 * Ready, Progressing and Degraded conditions with their reasons.
 */
public final class RegionStatusReport {
    private RegionStatusReport() {}

    /** What one reconcile saw and did, as the status needs it. */
    public record Observed(
            RendRegion region,
            RegionEdges edges,
            RendRegionStatus previous,
            Plan plan,
            Map<String, Pod> pods,
            Map<String, RegionNodeStatus> nodeStatus,
            Map<String, String> warmErrors,
            Map<String, String> warmProgress,
            boolean dnsManaged) {}

    public static RendRegionStatus of(Observed o, Instant now) {
        Long generation = o.region().getMetadata().getGeneration();
        Plan plan = o.plan();
        RendRegionStatus status = new RendRegionStatus();
        status.observedGeneration = generation;
        status.templateHash = o.edges().templateHash();
        status.desiredNodes = plan.nodes().size();
        status.readyNodes =
                (int)
                        o.edges().nodeNames().stream()
                                .map(o.pods()::get)
                                .filter(p -> p != null && !EdgePods.terminating(p))
                                .filter(EdgePods::ready)
                                .count();
        status.nodesInDns = o.dnsManaged() ? plan.dnsNodes().size() : 0;
        status.updatedNodes = (int) plan.updatedNodes();
        status.nodesInFlight = new ArrayList<>(plan.nodesInFlight());
        for (RegionRollout.NodeStep step : plan.nodes()) {
            RegionNodeStatus before = o.nodeStatus().get(step.node());
            RegionNodeStatus node =
                    new RegionNodeStatus(
                            step.node(),
                            step.phase().name(),
                            step.podTemplateHash(),
                            before == null ? null : before.warmedTemplateHash,
                            step.since().toString());
            if (before != null && DnsDrain.outOfDns(step.phase().name())) {
                node.dnsWithdrawnIn = before.dnsWithdrawnIn;
                node.dnsDrainSince = before.dnsDrainSince;
                node.dnsDrainBasis = before.dnsDrainBasis;
            }
            node.lastError = o.warmErrors().get(step.node());
            node.warmProgress = o.warmProgress().get(step.node());
            status.nodes.add(node);
        }
        List<Condition> conditions =
                Conditions.remove(o.previous().conditions, Conditions.RECONCILIATION_PAUSED);
        conditions = degraded(conditions, o, silent(status.nodes), generation, now);
        conditions = progressing(conditions, plan, o.edges().templateHash(), generation, now);
        status.conditions = ready(conditions, plan, generation, now);
        return status;
    }

    /** Nodes out of DNS whose drain did not wait for external-dns, which never reported. */
    private static List<String> silent(List<RegionNodeStatus> nodes) {
        return nodes.stream()
                .filter(n -> DnsDrain.SILENT.equals(n.dnsDrainBasis))
                .map(n -> n.node)
                .toList();
    }

    private static List<Condition> degraded(
            List<Condition> conditions,
            Observed o,
            List<String> silent,
            Long generation,
            Instant now) {
        List<String> late =
                o.plan().nodes().stream()
                        .filter(RegionRollout.NodeStep::degraded)
                        .map(RegionRollout.NodeStep::node)
                        .toList();
        String reason;
        String message;
        if (!late.isEmpty()) {
            reason = "NodeTimedOut";
            message = "edge not back in time on " + String.join(", ", late) + "; rollout paused";
        } else if (!o.plan().heldForCacheLayout().isEmpty()) {
            reason = "CacheLayoutMismatch";
            message =
                    "the edges on "
                            + String.join(", ", o.plan().heldForCacheLayout())
                            + " run another cache path than their RendEdgeNode declares; moving one"
                            + " starts it on an empty disk cache, so it waits: annotate its"
                            + " RendEdgeNode "
                            + ResourceNames.APPROVE_CACHE_PATH_ANNOTATION
                            + "=<the new path> to move it";
        } else if (!silent.isEmpty()) {
            reason = "ExternalDnsNotObserving";
            message =
                    "external-dns did not report taking the records without "
                            + String.join(", ", silent)
                            + " (the DNSEndpoint's status.observedGeneration) in time; drained"
                            + " by time alone";
        } else if (!o.dnsManaged()) {
            reason = "DnsEndpointCrdMissing";
            message =
                    "external-dns CRD "
                            + ResourceNames.DNS_ENDPOINT_CRD
                            + " is not installed; no GeoDNS records";
        } else {
            return Conditions.set(
                    conditions, Conditions.DEGRADED, false, "AsExpected", "", generation, now);
        }
        return Conditions.set(
                conditions, Conditions.DEGRADED, true, reason, message, generation, now);
    }

    private static List<Condition> progressing(
            List<Condition> conditions,
            Plan plan,
            String templateHash,
            Long generation,
            Instant now) {
        if (plan.complete()) {
            return Conditions.set(
                    conditions,
                    Conditions.PROGRESSING,
                    false,
                    "RolloutComplete",
                    "all " + plan.nodes().size() + " edges run template " + templateHash,
                    generation,
                    now);
        }
        List<String> inFlight = plan.nodesInFlight();
        return Conditions.set(
                conditions,
                Conditions.PROGRESSING,
                true,
                "RollingOut",
                plan.updatedNodes()
                        + "/"
                        + plan.nodes().size()
                        + " edges on template "
                        + templateHash
                        + (inFlight.isEmpty() ? "" : "; in flight: " + String.join(", ", inFlight))
                        + (plan.heldByMinServing()
                                ? "; waiting: withdrawing another edge would leave"
                                        + " fewer than minServing serving"
                                : ""),
                generation,
                now);
    }

    private static List<Condition> ready(
            List<Condition> conditions, Plan plan, Long generation, Instant now) {
        if (plan.nodes().isEmpty()) {
            return Conditions.set(
                    conditions,
                    Conditions.READY,
                    false,
                    "NoEdgeNodes",
                    "no RendEdgeNode names this region",
                    generation,
                    now);
        }
        if (plan.complete()) {
            return Conditions.set(
                    conditions,
                    Conditions.READY,
                    true,
                    "AllEdgesServing",
                    plan.nodes().size() + " edges ready and listed in DNS",
                    generation,
                    now);
        }
        return Conditions.set(
                conditions,
                Conditions.READY,
                false,
                "EdgesNotServing",
                plan.dnsNodes().size() + "/" + plan.nodes().size() + " edges listed in DNS",
                generation,
                now);
    }
}
