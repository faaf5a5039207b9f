package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RendRegionStatus;
import so.rend.operator.customresource.RolloutPolicy;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.DnsDrain;
import so.rend.operator.model.EdgeDaemonSets;
import so.rend.operator.model.EdgePods;
import so.rend.operator.model.RegionEdges;
import so.rend.operator.model.RegionObservations;
import so.rend.operator.model.RegionRollout;
import so.rend.operator.model.RegionRollout.Plan;
import so.rend.operator.model.RegionStatusReport;
import so.rend.operator.model.ResourceNames;
import so.rend.operator.model.RolloutEvents;

/**
 * RendRegion → edge Service, edge DaemonSets, GeoDNS DNSEndpoint, and the node-by-node rollout
 * between them: observe, plan ({@link RegionRollout}), warm, publish DNS, then replace pods.
 */
@ControllerConfiguration(name = "rendregion")
public final class RendRegionReconciler implements Reconciler<RendRegion> {
    private static final Logger log = LoggerFactory.getLogger(RendRegionReconciler.class);
    private static final Duration WHILE_ROLLING = Duration.ofSeconds(2);
    private static final Duration AT_REST = Duration.ofMinutes(5);
    private static final Duration WHILE_PAUSED = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final ResourceWriter writer;
    private final Clock clock;
    private final EventPublisher events;
    private final RegionApi api;
    private final RegionWarming warming;

    public RendRegionReconciler(KubernetesClient client, EdgeWarmer warmer, Clock clock) {
        this.client = client;
        this.writer = new ResourceWriter(client);
        this.clock = clock;
        this.events = new EventPublisher(client, clock);
        this.api = new RegionApi(client, writer);
        this.warming =
                new RegionWarming(r -> RegionWarming.internalToken(client, r), warmer, events);
    }

    @Override
    public List<EventSource<?, RendRegion>> prepareEventSources(
            EventSourceContext<RendRegion> context) {
        return RegionWatches.of(context);
    }

    @Override
    public UpdateControl<RendRegion> reconcile(RendRegion region, Context<RendRegion> context) {
        Instant now = clock.instant();
        if (Conditions.pauseRequested(region)) {
            return paused(region, now);
        }
        RegionEdges edges =
                RegionEdges.fromCrd(
                        region, List.copyOf(context.getSecondaryResources(RendEdgeNode.class)));
        edgeService(edges, context);
        Integer apiReady = api.reconcile(region, context);

        Map<String, Pod> pods =
                EdgePods.byNode(context.getSecondaryResources(Pod.class), edges.selectorLabels());
        RendRegionStatus previous =
                region.getStatus() == null ? new RendRegionStatus() : region.getStatus();
        Map<String, RegionNodeStatus> nodeStatus = new HashMap<>();
        previous.nodes.forEach(n -> nodeStatus.put(n.node, n));
        boolean dnsManaged = writer.crdInstalled(ResourceNames.DNS_ENDPOINT_CRD);
        GenericKubernetesResource dnsEndpoint = dnsManaged ? currentDnsEndpoint(region) : null;
        Set<String> inDns =
                dnsManaged
                        ? edges.nodesListedIn(dnsEndpoint)
                        : RegionRollout.servingAccordingToStatus(
                                RegionObservations.previousPhases(nodeStatus));
        Duration ttl = Duration.ofSeconds(region.getSpec().dns.ttlSeconds);
        DnsDrain.observe(nodeStatus, dnsManaged, DnsDrain.records(dnsEndpoint), ttl, now);

        RegionRollout.Policy policy = policy(region);
        Plan plan =
                RegionRollout.plan(
                        edges::desiredHash,
                        RegionObservations.of(edges, pods, inDns, nodeStatus),
                        policy,
                        now);
        RegionWarming.Report warmed = warming.warm(region, plan, pods, nodeStatus);
        if (!plan.nodesToWarm().isEmpty()) {
            plan =
                    RegionRollout.plan(
                            edges::desiredHash,
                            RegionObservations.of(edges, pods, inDns, nodeStatus),
                            policy,
                            now);
        }
        if (dnsManaged) {
            GenericKubernetesResource written =
                    writer.apply(edges.generateDnsEndpoint(plan.dnsNodes()), dnsEndpoint);
            DnsDrain.record(plan, nodeStatus, DnsDrain.records(written));
        }
        publishEvents(region, nodeStatus, plan);
        // The DaemonSets first: a node whose pod is replaced onto another cache layout moves to
        // that layout's DaemonSet before its pod goes, so its old DaemonSet does not bring it back.
        edgeDaemonSets(EdgeDaemonSets.of(edges, pods, plan, daemonSets(context)), context, region);
        replacePods(region.getMetadata().getNamespace(), plan);

        region.setStatus(
                RegionStatusReport.of(
                        new RegionStatusReport.Observed(
                                region,
                                edges,
                                previous,
                                plan,
                                pods,
                                nodeStatus,
                                warmed.errors(),
                                warmed.progress(),
                                dnsManaged),
                        now));
        region.getStatus().apiReadyReplicas = apiReady;
        announcePause(region, previous.conditions, region.getStatus().conditions);
        Duration next = plan.complete() ? AT_REST : WHILE_ROLLING;
        return UpdateControl.patchStatus(region)
                .rescheduleAfter(next.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void edgeService(RegionEdges edges, Context<RendRegion> context) {
        Service desired = edges.generateService();
        writer.apply(
                desired,
                CachedResources.named(context, Service.class, desired.getMetadata().getName()));
    }

    private static List<DaemonSet> daemonSets(Context<RendRegion> context) {
        return List.copyOf(context.getSecondaryResources(DaemonSet.class));
    }

    private void edgeDaemonSets(
            EdgeDaemonSets.Changes changes, Context<RendRegion> context, RendRegion region) {
        for (DaemonSet desired : changes.apply()) {
            writer.apply(
                    desired,
                    CachedResources.named(
                            context, DaemonSet.class, desired.getMetadata().getName()));
        }
        var daemonSets =
                client.apps().daemonSets().inNamespace(region.getMetadata().getNamespace());
        for (String name : changes.delete()) {
            log.info("deleting edge DaemonSet {} (no node runs its cache layout)", name);
            daemonSets.withName(name).delete();
        }
        for (String name : changes.orphan()) {
            // Its pods stay and serve; the rollout replaces them node by node within its budget.
            log.info(
                    "deleting edge DaemonSet {} from before cache layouts, leaving its pods", name);
            daemonSets.withName(name).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        }
    }

    private static RegionRollout.Policy policy(RendRegion region) {
        RolloutPolicy rollout =
                region.getSpec().rollout == null ? new RolloutPolicy() : region.getSpec().rollout;
        return new RegionRollout.Policy(
                rollout.maxUnavailable,
                rollout.minServing,
                rollout.warmBeforeServe,
                Duration.ofSeconds(rollout.nodeTimeoutSeconds),
                Duration.ofSeconds(region.getSpec().dns.ttlSeconds));
    }

    private void publishEvents(
            RendRegion region, Map<String, RegionNodeStatus> nodeStatus, Plan plan) {
        for (RolloutEvents.Event event :
                RolloutEvents.of(RegionObservations.previousPhases(nodeStatus), plan)) {
            events.publish(region, event.reason(), event.message(), event.warning());
        }
    }

    /**
     * A rollout that stops on its own (a node timed out, an edge waits for its cache move) says so
     * once.
     */
    private void announcePause(RendRegion region, List<Condition> before, List<Condition> after) {
        String reason = Conditions.trueReason(after, Conditions.DEGRADED);
        if (reason != null
                && !reason.equals(Conditions.trueReason(before, Conditions.DEGRADED))
                && (reason.equals("NodeTimedOut") || reason.equals("CacheLayoutMismatch"))) {
            String message =
                    after.stream()
                            .filter(c -> Conditions.DEGRADED.equals(c.getType()))
                            .map(Condition::getMessage)
                            .findFirst()
                            .orElse(reason);
            events.publish(region, RolloutEvents.ROLLOUT_PAUSED, reason + ": " + message, true);
        }
    }

    /** Paused: nothing is written but the status, which says so; the rollout resumes after. */
    private UpdateControl<RendRegion> paused(RendRegion region, Instant now) {
        RendRegionStatus status =
                region.getStatus() == null ? new RendRegionStatus() : region.getStatus();
        if (!Conditions.isTrue(status.conditions, Conditions.RECONCILIATION_PAUSED)) {
            events.publish(
                    region,
                    RolloutEvents.ROLLOUT_PAUSED,
                    ResourceNames.PAUSE_ANNOTATION + " is true: the region is left as it is",
                    false);
        }
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.RECONCILIATION_PAUSED,
                        true,
                        "PauseAnnotation",
                        ResourceNames.PAUSE_ANNOTATION + " is true; nothing of the region changes",
                        region.getMetadata().getGeneration(),
                        now);
        region.setStatus(status);
        // Removing the annotation changes no generation, so no event reconciles the region: it
        // is looked at again on this timer (it did resume before only when something else of the
        // region happened to change).
        return UpdateControl.patchStatus(region)
                .rescheduleAfter(WHILE_PAUSED.toMillis(), TimeUnit.MILLISECONDS);
    }

    private GenericKubernetesResource currentDnsEndpoint(RendRegion region) {
        return client.genericKubernetesResources(
                        ResourceNames.DNS_ENDPOINT_API_VERSION, ResourceNames.DNS_ENDPOINT_KIND)
                .inNamespace(region.getMetadata().getNamespace())
                .withName(ResourceNames.dnsEndpoint(region.getMetadata().getName()))
                .get();
    }

    private void replacePods(String namespace, Plan plan) {
        for (String pod : plan.podsToDelete()) {
            log.info("replacing edge pod {}/{}", namespace, pod);
            client.pods().inNamespace(namespace).withName(pod).delete();
        }
    }

    /**
     * A reconcile that throws still tells the user why: Degraded=True, ReconcileFailed (JOSDK
     * retries).
     */
    @Override
    public ErrorStatusUpdateControl<RendRegion> updateErrorStatus(
            RendRegion region, Context<RendRegion> context, Exception e) {
        RendRegionStatus status =
                region.getStatus() == null ? new RendRegionStatus() : region.getStatus();
        status.conditions =
                Conditions.set(
                        status.conditions,
                        Conditions.DEGRADED,
                        true,
                        "ReconcileFailed",
                        Conditions.failure(e),
                        region.getMetadata().getGeneration(),
                        clock.instant());
        region.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(region);
    }
}
