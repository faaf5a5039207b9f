package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendEdgeNodeStatus;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.EdgeNodeConditions;
import so.rend.operator.model.EdgeNodeDrain;
import so.rend.operator.model.EdgeNodeMarking;
import so.rend.operator.model.EdgePods;
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

    /**
     * Edge pods, so a pod's readiness reaches its RendEdgeNode's status at once; the reconcile
     * reads them from this informer's cache, not from the API server.
     */
    @Override
    public List<EventSource<?, RendEdgeNode>> prepareEventSources(
            EventSourceContext<RendEdgeNode> context) {
        var pods =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Pod.class, RendEdgeNode.class)
                                .withName("edge-pods")
                                .withLabelSelector(
                                        ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.EDGE_APP)
                                .withSecondaryToPrimaryMapper(
                                        pod ->
                                                context.getPrimaryCache()
                                                        .list(
                                                                pod.getMetadata().getNamespace(),
                                                                edge -> runs(edge, pod))
                                                        .map(ResourceID::fromResource)
                                                        .collect(Collectors.toSet()))
                                .build(),
                        context);
        return List.of(pods);
    }

    /** Whether {@code pod} is the region's edge pod on {@code edge}'s node. */
    private static boolean runs(RendEdgeNode edge, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return pod.getSpec() != null
                && edge.getSpec().nodeName.equals(pod.getSpec().getNodeName())
                && labels != null
                && edge.getSpec().region.equals(labels.get(ResourceNames.REGION_LABEL));
    }

    @SuppressWarnings("unchecked")
    private static Pod edgePod(RendEdgeNode edge, Context<RendEdgeNode> context) {
        var pods =
                (InformerEventSource<Pod, RendEdgeNode>)
                        context.eventSourceRetriever().getEventSourceFor(Pod.class);
        return pods.list(
                        edge.getMetadata().getNamespace(),
                        p -> runs(edge, p) && !EdgePods.terminating(p))
                .findFirst()
                .orElse(null);
    }

    @Override
    public UpdateControl<RendEdgeNode> reconcile(RendEdgeNode edge, Context<RendEdgeNode> context) {
        Instant now = clock.instant();
        Long generation = edge.getMetadata().getGeneration();
        String nodeName = edge.getSpec().nodeName;
        Node node = client.nodes().withName(nodeName).get();
        if (node != null && EdgeNodeMarking.needsMarking(node, edge)) {
            client.nodes().withName(nodeName).edit(n -> EdgeNodeMarking.mark(n, edge));
        }
        Pod pod = edgePod(edge, context);

        RendEdgeNodeStatus previous =
                edge.getStatus() == null ? new RendEdgeNodeStatus() : edge.getStatus();
        RendEdgeNodeStatus status = new RendEdgeNodeStatus();
        status.observedGeneration = generation;
        status.nodeFound = node != null;
        status.edgePod = pod == null ? null : pod.getMetadata().getName();
        status.edgePodReady = pod != null && EdgePods.ready(pod);
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
                                RegionWarming.internalToken(client, region),
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
        EdgeNodeConditions.Observed observed =
                new EdgeNodeConditions.Observed(
                        nodeName,
                        node != null,
                        status.edgePod,
                        status.edgePodReady,
                        status.registered,
                        stale
                                ? Objects.requireNonNullElse(registration.problem(), "no answer")
                                : null);
        status.conditions = EdgeNodeConditions.of(previous.conditions, observed, generation, now);
        boolean ready = observed.ready();
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
            client.nodes().withName(edge.getSpec().nodeName).edit(EdgeNodeMarking::unmark);
        }
        return DeleteControl.defaultDelete();
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
