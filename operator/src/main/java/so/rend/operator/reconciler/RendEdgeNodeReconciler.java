package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendEdgeNodeStatus;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.EdgeNodeDrain;
import so.rend.operator.model.ResourceNames;

/**
 * RendEdgeNode → labels (and, when dedicated, a taint) on the named Kubernetes Node. A Node is not
 * owned by the custom resource, so this is the one place with a finalizer: deleting the
 * RendEdgeNode takes the labels and taint off again. Status also says whether the edge is
 * registered with the control plane (rend-api's edge registry) and how full its caches are.
 */
@ControllerConfiguration(name = "rendedgenode")
public final class RendEdgeNodeReconciler
        implements Reconciler<RendEdgeNode>, Cleaner<RendEdgeNode> {
    private static final Logger log = LoggerFactory.getLogger(RendEdgeNodeReconciler.class);
    private final KubernetesClient client;
    private final Clock clock;
    private final EdgeCacheReport cacheReport = new EdgeCacheReport();
    private final ControlPlaneRegistry registry = new ControlPlaneRegistry();

    public RendEdgeNodeReconciler(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public UpdateControl<RendEdgeNode> reconcile(RendEdgeNode edge, Context<RendEdgeNode> context) {
        Instant now = clock.instant();
        Long generation = edge.getMetadata().getGeneration();
        String nodeName = edge.getSpec().nodeName;
        Node node = client.nodes().withName(nodeName).get();
        if (node != null && needsMarking(node, edge)) {
            client.nodes().withName(nodeName).edit(n -> mark(n, edge));
        }
        Pod pod =
                client
                        .pods()
                        .inNamespace(edge.getMetadata().getNamespace())
                        .withLabel(ResourceNames.APP_NAME_LABEL, ResourceNames.EDGE_APP)
                        .withLabel(ResourceNames.REGION_LABEL, edge.getSpec().region)
                        .list()
                        .getItems()
                        .stream()
                        .filter(
                                p ->
                                        nodeName.equals(p.getSpec().getNodeName())
                                                && !RendRegionReconciler.terminating(p))
                        .findFirst()
                        .orElse(null);

        RendEdgeNodeStatus previous =
                edge.getStatus() == null ? new RendEdgeNodeStatus() : edge.getStatus();
        RendEdgeNodeStatus status = new RendEdgeNodeStatus();
        status.observedGeneration = generation;
        status.nodeFound = node != null;
        status.edgePod = pod == null ? null : pod.getMetadata().getName();
        status.edgePodReady = pod != null && RendRegionReconciler.ready(pod);
        status.cacheDiskBytes = previous.cacheDiskBytes;
        status.cacheRamBytes = previous.cacheRamBytes;
        status.cacheReportedAt = previous.cacheReportedAt;
        RendRegion region =
                client.resources(RendRegion.class)
                        .inNamespace(edge.getMetadata().getNamespace())
                        .withName(edge.getSpec().region)
                        .get();
        ControlPlaneRegistry.Registration registration =
                region == null
                        ? ControlPlaneRegistry.Registration.unknown(
                                "region " + edge.getSpec().region + " not found")
                        : registry.lookup(
                                region.getSpec().edge.controlPlaneUrl,
                                RendRegionReconciler.internalToken(client, region),
                                nodeName);
        // While the control plane cannot be asked (it may be rolling out), the last answer stands,
        // so readiness does not flap with the control plane's availability.
        boolean stale = registration.registered() == null;
        status.registered = stale ? previous.registered : registration.registered();
        status.lastHeartbeatAt = stale ? previous.lastHeartbeatAt : registration.lastHeartbeatAt();
        if (status.edgePodReady && region != null && pod.getStatus().getPodIP() != null) {
            cacheReport
                    // The internal listener: plain HTTP, and its /readyz is open, whether or not
                    // the viewers' port serves TLS.
                    .read(pod.getStatus().getPodIP(), region.getSpec().edge.internalPort)
                    .ifPresent(
                            usage -> {
                                status.cacheDiskBytes = usage.diskBytes();
                                status.cacheRamBytes = usage.ramBytes();
                                status.cacheReportedAt = now.toString();
                            });
        }
        // An edge the control plane does not know gets no warm, purge or revocations: not ready
        // yet.
        boolean unregistered = Boolean.FALSE.equals(status.registered);
        boolean ready = status.edgePodReady && !unregistered;
        String staleNote =
                !stale
                        ? ""
                        : "; registration unknown ("
                                + registration.problem()
                                + "), last known: "
                                + (status.registered == null
                                        ? "none"
                                        : status.registered ? "registered" : "not registered");
        String progress =
                !status.edgePodReady
                        ? "waiting for the region's edge pod"
                        : unregistered
                                ? "edge pod "
                                        + status.edgePod
                                        + " ready; waiting for edge "
                                        + nodeName
                                        + " to register with the control plane (no heartbeat within its healthy window)"
                                        + staleNote
                                : "edge pod "
                                        + status.edgePod
                                        + " ready"
                                        + (stale ? staleNote : " and registered");
        var conditions = previous.conditions;
        conditions =
                Conditions.set(
                        conditions,
                        Conditions.DEGRADED,
                        node == null,
                        node == null ? "NodeNotFound" : "AsExpected",
                        node == null ? "no Kubernetes Node named " + nodeName : "",
                        generation,
                        now);
        conditions =
                Conditions.set(
                        conditions,
                        Conditions.PROGRESSING,
                        node != null && !ready,
                        ready
                                ? "EdgeRunning"
                                : status.edgePodReady
                                        ? "WaitingForRegistration"
                                        : "WaitingForEdgePod",
                        progress,
                        generation,
                        now);
        conditions =
                Conditions.set(
                        conditions,
                        Conditions.READY,
                        ready,
                        ready ? "EdgeReady" : unregistered ? "NotRegistered" : "EdgeNotReady",
                        progress,
                        generation,
                        now);
        status.conditions = conditions;
        edge.setStatus(status);
        return UpdateControl.patchStatus(edge).rescheduleAfter(ready ? 30 : 5, TimeUnit.SECONDS);
    }

    @Override
    public DeleteControl cleanup(RendEdgeNode edge, Context<RendEdgeNode> context) {
        Instant now = clock.instant();
        Instant requested =
                edge.getMetadata().getDeletionTimestamp() == null
                        ? now
                        : Instant.parse(edge.getMetadata().getDeletionTimestamp());
        RendRegion region =
                client.resources(RendRegion.class)
                        .inNamespace(edge.getMetadata().getNamespace())
                        .withName(edge.getSpec().region)
                        .get();
        Duration ttl =
                region == null
                        ? Duration.ZERO
                        : Duration.ofSeconds(region.getSpec().dns.ttlSeconds);
        EdgeNodeDrain.Decision drain =
                EdgeNodeDrain.decide(RegionDrainView.of(client, region, edge), ttl, requested, now);
        if (!drain.release()) {
            return DeleteControl.noFinalizerRemoval()
                    .rescheduleAfter(Math.max(200, drain.recheckIn().toMillis()));
        }
        log.info(
                "edge node {}: releasing node {} ({})",
                edge.getMetadata().getName(),
                edge.getSpec().nodeName,
                drain.message());
        Node node = client.nodes().withName(edge.getSpec().nodeName).get();
        if (node != null) {
            client.nodes().withName(edge.getSpec().nodeName).edit(RendEdgeNodeReconciler::unmark);
        }
        return DeleteControl.defaultDelete();
    }

    private static boolean needsMarking(Node node, RendEdgeNode edge) {
        Map<String, String> labels =
                node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        boolean tainted = hasTaint(node);
        return !"true".equals(labels.get(ResourceNames.NODE_EDGE_LABEL))
                || !Objects.equals(
                        edge.getSpec().region, labels.get(ResourceNames.NODE_REGION_LABEL))
                || tainted != Boolean.TRUE.equals(edge.getSpec().dedicated);
    }

    private static Node mark(Node node, RendEdgeNode edge) {
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

    private static Node unmark(Node node) {
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

    /**
     * A reconcile that throws still tells the user why: Degraded=True, ReconcileFailed (JOSDK
     * retries).
     */
    @Override
    public ErrorStatusUpdateControl<RendEdgeNode> updateErrorStatus(
            RendEdgeNode edge, Context<RendEdgeNode> context, Exception e) {
        RendEdgeNodeStatus status =
                edge.getStatus() == null ? new RendEdgeNodeStatus() : edge.getStatus();
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.DEGRADED,
                        true,
                        "ReconcileFailed",
                        Conditions.failure(e),
                        edge.getMetadata().getGeneration(),
                        clock.instant());
        edge.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(edge);
    }
}
