package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
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
import so.rend.operator.model.HomeRegionControlPlane;
import so.rend.operator.model.RegionEdges;
import so.rend.operator.model.RegionRollout;
import so.rend.operator.model.RegionRollout.EdgeObservation;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;
import so.rend.operator.model.ResourceNames;
import so.rend.operator.model.RolloutEvents;

/**
 * RendRegion → edge Service, edge DaemonSet, GeoDNS DNSEndpoint, and the node-by-node rollout
 * between them: observe, plan ({@link RegionRollout}), warm, publish DNS, then replace pods.
 */
@ControllerConfiguration(name = "rendregion")
public final class RendRegionReconciler implements Reconciler<RendRegion> {
    private static final Logger log = LoggerFactory.getLogger(RendRegionReconciler.class);
    private static final Duration WHILE_ROLLING = Duration.ofSeconds(2);
    private static final Duration AT_REST = Duration.ofMinutes(5);
    private static final List<String> DEFAULT_WARM_PATHS = List.of("opener.mp4", "hls/master.m3u8");

    private final KubernetesClient client;
    private final ResourceWriter writer;
    private final EdgeWarmer warmer;
    private final Clock clock;
    private final EventPublisher events;

    public RendRegionReconciler(KubernetesClient client, EdgeWarmer warmer, Clock clock) {
        this.client = client;
        this.writer = new ResourceWriter(client);
        this.warmer = warmer;
        this.clock = clock;
        this.events = new EventPublisher(client, clock);
    }

    @Override
    public List<EventSource<?, RendRegion>> prepareEventSources(
            EventSourceContext<RendRegion> context) {
        var pods =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Pod.class, RendRegion.class)
                                .withName("edge-pods")
                                .withLabelSelector(
                                        ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.EDGE_APP)
                                .withSecondaryToPrimaryMapper(RendRegionReconciler::regionOf)
                                .build(),
                        context);
        var daemonSets =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(DaemonSet.class, RendRegion.class)
                                .withName("edge-daemonsets")
                                .withLabelSelector(
                                        ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.EDGE_APP)
                                .withSecondaryToPrimaryMapper(RendRegionReconciler::regionOf)
                                .build(),
                        context);
        var edgeNodes =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(RendEdgeNode.class, RendRegion.class)
                                .withName("edge-nodes")
                                .withSecondaryToPrimaryMapper(
                                        n ->
                                                Set.of(
                                                        new ResourceID(
                                                                n.getSpec().region,
                                                                n.getMetadata().getNamespace())))
                                .build(),
                        context);
        var apiDeployments =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Deployment.class, RendRegion.class)
                                .withName("api-deployments")
                                .withLabelSelector(
                                        ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.API_APP)
                                .withSecondaryToPrimaryMapper(RendRegionReconciler::regionOf)
                                .build(),
                        context);
        return List.of(pods, daemonSets, edgeNodes, apiDeployments);
    }

    private static Set<ResourceID> regionOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String region = labels == null ? null : labels.get(ResourceNames.REGION_LABEL);
        return region == null
                ? Set.of()
                : Set.of(new ResourceID(region, object.getMetadata().getNamespace()));
    }

    @Override
    public UpdateControl<RendRegion> reconcile(RendRegion region, Context<RendRegion> context) {
        Instant now = clock.instant();
        if (Conditions.pauseRequested(region)) {
            return paused(region, now);
        }
        String namespace = region.getMetadata().getNamespace();
        RegionEdges edges = RegionEdges.fromCrd(region, edgeNodes(namespace));

        writer.apply(edges.generateService());
        Integer apiReady = controlPlane(region);
        writer.apply(edges.generateDaemonSet());

        Map<String, Pod> pods = edgePodsByNode(edges, namespace);
        RendRegionStatus previous =
                region.getStatus() == null ? new RendRegionStatus() : region.getStatus();
        Map<String, RegionNodeStatus> nodeStatus = new HashMap<>();
        previous.nodes.forEach(n -> nodeStatus.put(n.node, n));
        boolean dnsManaged = writer.crdInstalled(ResourceNames.DNS_ENDPOINT_CRD);
        Set<String> inDns =
                dnsManaged
                        ? edges.nodesListedIn(currentDnsEndpoint(region))
                        : RegionRollout.servingAccordingToStatus(previousPhases(nodeStatus));

        RolloutPolicy rollout =
                region.getSpec().rollout == null ? new RolloutPolicy() : region.getSpec().rollout;
        RegionRollout.Policy policy =
                new RegionRollout.Policy(
                        rollout.maxUnavailable,
                        rollout.minServing,
                        rollout.warmBeforeServe,
                        Duration.ofSeconds(rollout.nodeTimeoutSeconds),
                        Duration.ofSeconds(region.getSpec().dns.ttlSeconds));
        String hash = edges.templateHash();

        Plan plan = RegionRollout.plan(hash, observe(edges, pods, inDns, nodeStatus), policy, now);
        Map<String, String> warmErrors = warm(region, plan, pods, nodeStatus, hash);
        if (!plan.nodesToWarm().isEmpty()) {
            plan = RegionRollout.plan(hash, observe(edges, pods, inDns, nodeStatus), policy, now);
        }
        if (dnsManaged) {
            writer.apply(edges.generateDnsEndpoint(plan.dnsNodes()));
        }
        for (RolloutEvents.Event event : RolloutEvents.of(previousPhases(nodeStatus), plan)) {
            events.publish(region, event.reason(), event.message(), event.warning());
        }
        replacePods(namespace, plan);

        region.setStatus(
                status(
                        region,
                        edges,
                        previous,
                        plan,
                        pods,
                        nodeStatus,
                        warmErrors,
                        dnsManaged,
                        now));
        region.getStatus().apiReadyReplicas = apiReady;
        announcePause(region, previous.conditions, region.getStatus().conditions);
        Duration next = plan.complete() ? AT_REST : WHILE_ROLLING;
        return UpdateControl.patchStatus(region)
                .rescheduleAfter(next.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A rollout that stops on its own (a node timed out, cache layouts differ) says so once. */
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
        return UpdateControl.patchStatus(region);
    }

    /** The home region's rend-api; removed again when spec.api goes. Returns its ready replicas. */
    private Integer controlPlane(RendRegion region) {
        String namespace = region.getMetadata().getNamespace();
        String name = region.getMetadata().getName();
        var controlPlane = HomeRegionControlPlane.fromCrd(region);
        if (controlPlane.isEmpty()) {
            String uid = region.getMetadata().getUid();
            for (var resource :
                    List.of(
                            client.apps()
                                    .deployments()
                                    .inNamespace(namespace)
                                    .withName(ResourceNames.apiDeployment(name)),
                            client.services()
                                    .inNamespace(namespace)
                                    .withName(ResourceNames.apiService(name)),
                            client.policy()
                                    .v1()
                                    .podDisruptionBudget()
                                    .inNamespace(namespace)
                                    .withName(ResourceNames.apiDeployment(name)))) {
                HasMetadata existing = resource.get();
                if (existing != null
                        && existing.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> uid.equals(o.getUid()))) {
                    client.resource(existing).delete();
                }
            }
            return null;
        }
        writer.apply(controlPlane.get().generateService());
        writer.apply(controlPlane.get().generatePodDisruptionBudget());
        Deployment deployment = writer.apply(controlPlane.get().generateDeployment());
        Integer ready =
                deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }

    private static Map<String, Phase> previousPhases(Map<String, RegionNodeStatus> nodeStatus) {
        Map<String, Phase> phases = new HashMap<>();
        nodeStatus.forEach(
                (node, status) -> {
                    if (status.phase != null) {
                        phases.put(node, Phase.valueOf(status.phase));
                    }
                });
        return phases;
    }

    private List<RendEdgeNode> edgeNodes(String namespace) {
        return client.resources(RendEdgeNode.class).inNamespace(namespace).list().getItems();
    }

    private GenericKubernetesResource currentDnsEndpoint(RendRegion region) {
        return client.genericKubernetesResources(
                        ResourceNames.DNS_ENDPOINT_API_VERSION, ResourceNames.DNS_ENDPOINT_KIND)
                .inNamespace(region.getMetadata().getNamespace())
                .withName(ResourceNames.dnsEndpoint(region.getMetadata().getName()))
                .get();
    }

    /** The region's edge pod on each node; a live pod wins over a terminating one. */
    private Map<String, Pod> edgePodsByNode(RegionEdges edges, String namespace) {
        Map<String, Pod> byNode = new HashMap<>();
        for (Pod pod :
                client.pods()
                        .inNamespace(namespace)
                        .withLabels(edges.selectorLabels())
                        .list()
                        .getItems()) {
            String node = pod.getSpec().getNodeName();
            if (node == null) {
                continue;
            }
            Pod other = byNode.get(node);
            if (other == null || terminating(other)) {
                byNode.put(node, pod);
            }
        }
        return byNode;
    }

    private static List<EdgeObservation> observe(
            RegionEdges edges,
            Map<String, Pod> pods,
            Set<String> inDns,
            Map<String, RegionNodeStatus> nodeStatus) {
        List<EdgeObservation> observations = new ArrayList<>();
        Set<String> unregistered = unregistered(edges);
        Set<String> leaving = leaving(edges);
        for (String node : edges.nodeNames()) {
            Pod pod = pods.get(node);
            RegionNodeStatus previous = nodeStatus.get(node);
            observations.add(
                    new EdgeObservation(
                            node,
                            pod == null ? null : pod.getMetadata().getName(),
                            pod != null && terminating(pod),
                            pod != null && ready(pod) && !unregistered.contains(node),
                            pod == null
                                    ? null
                                    : pod.getMetadata()
                                            .getLabels()
                                            .get(ResourceNames.EDGE_TEMPLATE_HASH_LABEL),
                            inDns.contains(node),
                            previous == null ? null : previous.warmedTemplateHash,
                            previous == null || previous.phase == null
                                    ? null
                                    : Phase.valueOf(previous.phase),
                            previous == null || previous.since == null
                                    ? null
                                    : Instant.parse(previous.since),
                            leaving.contains(node)));
        }
        return observations;
    }

    /**
     * Edge nodes whose edge the control plane says is not registered: such an edge gets no purge or
     * revocation, so it counts as not ready and stays out of DNS. While the control plane cannot be
     * asked ({@code registered} unset) readiness follows the pod, so an outage of the control plane
     * never takes a region out of DNS.
     */
    /** Edge nodes whose RendEdgeNode is being deleted (its finalizer waits for the drain). */
    private static Set<String> leaving(RegionEdges edges) {
        Set<String> nodes = new HashSet<>();
        for (RendEdgeNode node : edges.edgeNodes()) {
            if (node.getMetadata().getDeletionTimestamp() != null) {
                nodes.add(node.getSpec().nodeName);
            }
        }
        return nodes;
    }

    private static Set<String> unregistered(RegionEdges edges) {
        Set<String> nodes = new HashSet<>();
        for (RendEdgeNode node : edges.edgeNodes()) {
            if (node.getStatus() != null && Boolean.FALSE.equals(node.getStatus().registered)) {
                nodes.add(node.getSpec().nodeName);
            }
        }
        return nodes;
    }

    private Map<String, String> warm(
            RendRegion region,
            Plan plan,
            Map<String, Pod> pods,
            Map<String, RegionNodeStatus> nodeStatus,
            String hash) {
        Map<String, String> errors = new HashMap<>();
        if (plan.nodesToWarm().isEmpty()) {
            return errors;
        }
        String token = internalToken(client, region);
        for (String node : plan.nodesToWarm()) {
            Pod pod = pods.get(node);
            String address = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            try {
                if (token == null) {
                    throw new IllegalStateException(
                            "secret "
                                    + region.getSpec().edge.internalTokenSecretName
                                    + " has no key "
                                    + ResourceNames.INTERNAL_TOKEN_KEY);
                }
                if (address == null) {
                    throw new IllegalStateException(
                            "pod " + pod.getMetadata().getName() + " has no IP yet");
                }
                RolloutPolicy rollout = region.getSpec().rollout;
                List<String> paths =
                        rollout.warmArtifactPaths.isEmpty()
                                ? DEFAULT_WARM_PATHS
                                : rollout.warmArtifactPaths;
                for (String asset : rollout.warmAssets) {
                    warmer.warm(address, region.getSpec().edge.internalPort, token, asset, paths);
                }
                RegionNodeStatus status =
                        nodeStatus.computeIfAbsent(node, n -> new RegionNodeStatus());
                status.node = node;
                status.warmedTemplateHash = hash;
                log.info("region {}: warmed edge on node {}", region.getMetadata().getName(), node);
                events.publish(
                        region,
                        RolloutEvents.NODE_WARMED,
                        "warmed "
                                + rollout.warmAssets.size()
                                + " asset(s) on the edge on "
                                + node
                                + " before it serves",
                        false);
            } catch (Exception e) {
                errors.put(node, e.getMessage());
                log.warn(
                        "region {}: warming edge on node {} failed: {}",
                        region.getMetadata().getName(),
                        node,
                        e.toString());
            }
        }
        return errors;
    }

    /**
     * The region's internal token (Secret {@code internalTokenSecretName}, key {@code token}); null
     * when missing.
     */
    static String internalToken(KubernetesClient client, RendRegion region) {
        Secret secret =
                client.secrets()
                        .inNamespace(region.getMetadata().getNamespace())
                        .withName(region.getSpec().edge.internalTokenSecretName)
                        .get();
        if (secret == null) {
            return null;
        }
        if (secret.getData() != null
                && secret.getData().get(ResourceNames.INTERNAL_TOKEN_KEY) != null) {
            return new String(
                            Base64.getDecoder()
                                    .decode(secret.getData().get(ResourceNames.INTERNAL_TOKEN_KEY)),
                            StandardCharsets.UTF_8)
                    .trim();
        }
        return secret.getStringData() == null
                ? null
                : secret.getStringData().get(ResourceNames.INTERNAL_TOKEN_KEY);
    }

    private void replacePods(String namespace, Plan plan) {
        for (String pod : plan.podsToDelete()) {
            log.info("replacing edge pod {}/{}", namespace, pod);
            client.pods().inNamespace(namespace).withName(pod).delete();
        }
    }

    private static RendRegionStatus status(
            RendRegion region,
            RegionEdges edges,
            RendRegionStatus previous,
            Plan plan,
            Map<String, Pod> pods,
            Map<String, RegionNodeStatus> nodeStatus,
            Map<String, String> warmErrors,
            boolean dnsManaged,
            Instant now) {
        Long generation = region.getMetadata().getGeneration();
        RendRegionStatus status = new RendRegionStatus();
        status.observedGeneration = generation;
        status.templateHash = plan.desiredHash();
        status.desiredNodes = plan.nodes().size();
        status.readyNodes =
                (int)
                        edges.nodeNames().stream()
                                .filter(
                                        n ->
                                                pods.get(n) != null
                                                        && !terminating(pods.get(n))
                                                        && ready(pods.get(n)))
                                .count();
        status.nodesInDns = dnsManaged ? plan.dnsNodes().size() : 0;
        status.updatedNodes = (int) plan.updatedNodes();
        status.nodesInFlight = new ArrayList<>(plan.nodesInFlight());
        for (RegionRollout.NodeStep step : plan.nodes()) {
            RegionNodeStatus before = nodeStatus.get(step.node());
            RegionNodeStatus node =
                    new RegionNodeStatus(
                            step.node(),
                            step.phase().name(),
                            step.podTemplateHash(),
                            before == null ? null : before.warmedTemplateHash,
                            step.since().toString());
            node.lastError = warmErrors.get(step.node());
            status.nodes.add(node);
        }

        List<String> late =
                plan.nodes().stream()
                        .filter(RegionRollout.NodeStep::degraded)
                        .map(RegionRollout.NodeStep::node)
                        .toList();
        var conditions = Conditions.remove(previous.conditions, Conditions.RECONCILIATION_PAUSED);
        if (!late.isEmpty()) {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.DEGRADED,
                            true,
                            "NodeTimedOut",
                            "edge not back in time on "
                                    + String.join(", ", late)
                                    + "; rollout paused",
                            generation,
                            now);
        } else if (!edges.nodesWithOtherCacheLayout().isEmpty()) {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.DEGRADED,
                            true,
                            "CacheLayoutMismatch",
                            "cache devices differ from "
                                    + plan.nodes().get(0).node()
                                    + "'s on "
                                    + String.join(", ", edges.nodesWithOtherCacheLayout())
                                    + "; every edge runs with the first node's",
                            generation,
                            now);
        } else if (!dnsManaged) {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.DEGRADED,
                            true,
                            "DnsEndpointCrdMissing",
                            "external-dns CRD "
                                    + ResourceNames.DNS_ENDPOINT_CRD
                                    + " is not installed; no GeoDNS records",
                            generation,
                            now);
        } else {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.DEGRADED,
                            false,
                            "AsExpected",
                            "",
                            generation,
                            now);
        }
        if (plan.complete()) {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.PROGRESSING,
                            false,
                            "RolloutComplete",
                            "all "
                                    + plan.nodes().size()
                                    + " edges run template "
                                    + plan.desiredHash(),
                            generation,
                            now);
        } else {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.PROGRESSING,
                            true,
                            "RollingOut",
                            plan.updatedNodes()
                                    + "/"
                                    + plan.nodes().size()
                                    + " edges on template "
                                    + plan.desiredHash()
                                    + (status.nodesInFlight.isEmpty()
                                            ? ""
                                            : "; in flight: "
                                                    + String.join(", ", status.nodesInFlight))
                                    + (plan.heldByMinServing()
                                            ? "; waiting: withdrawing another edge would leave"
                                                    + " fewer than minServing serving"
                                            : ""),
                            generation,
                            now);
        }
        if (plan.nodes().isEmpty()) {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.READY,
                            false,
                            "NoEdgeNodes",
                            "no RendEdgeNode names this region",
                            generation,
                            now);
        } else if (plan.complete()) {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.READY,
                            true,
                            "AllEdgesServing",
                            plan.nodes().size() + " edges ready and listed in DNS",
                            generation,
                            now);
        } else {
            conditions =
                    Conditions.set(
                            conditions,
                            Conditions.READY,
                            false,
                            "EdgesNotServing",
                            plan.dnsNodes().size()
                                    + "/"
                                    + plan.nodes().size()
                                    + " edges listed in DNS",
                            generation,
                            now);
        }
        status.conditions = conditions;
        return status;
    }

    static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
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
