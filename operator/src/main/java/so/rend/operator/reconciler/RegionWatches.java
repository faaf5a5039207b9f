package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.ResourceNames;

/**
 * What a RendRegion watches: its edge pods, DaemonSet, RendEdgeNodes, API Deployment, Services and
 * budget. The reconciler reads all of them from these informers' caches.
 */
final class RegionWatches {
    private RegionWatches() {}

    static List<EventSource<?, RendRegion>> of(EventSourceContext<RendRegion> context) {
        var pods =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Pod.class, RendRegion.class)
                                .withName("edge-pods")
                                .withLabelSelector(
                                        ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.EDGE_APP)
                                .withSecondaryToPrimaryMapper(RegionWatches::regionOf)
                                .build(),
                        context);
        var daemonSets =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(DaemonSet.class, RendRegion.class)
                                .withName("edge-daemonsets")
                                .withLabelSelector(
                                        ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.EDGE_APP)
                                .withSecondaryToPrimaryMapper(RegionWatches::regionOf)
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
                                .withSecondaryToPrimaryMapper(RegionWatches::regionOf)
                                .build(),
                        context);
        // The edge and API Services and the API's PodDisruptionBudget: everything of a region the
        // operator writes is read back from a cache, so a reconcile that changes nothing sends no
        // request for it.
        String owned =
                ResourceNames.MANAGED_BY_LABEL
                        + "="
                        + ResourceNames.MANAGED_BY
                        + ","
                        + ResourceNames.REGION_LABEL;
        var services =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Service.class, RendRegion.class)
                                .withName("region-services")
                                .withLabelSelector(owned)
                                .withSecondaryToPrimaryMapper(RegionWatches::regionOf)
                                .build(),
                        context);
        var budgets =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(
                                        PodDisruptionBudget.class, RendRegion.class)
                                .withName("api-disruption-budgets")
                                .withLabelSelector(owned)
                                .withSecondaryToPrimaryMapper(RegionWatches::regionOf)
                                .build(),
                        context);
        return List.of(pods, daemonSets, edgeNodes, apiDeployments, services, budgets);
    }

    private static Set<ResourceID> regionOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String region = labels == null ? null : labels.get(ResourceNames.REGION_LABEL);
        return region == null
                ? Set.of()
                : Set.of(new ResourceID(region, object.getMetadata().getNamespace()));
    }
}
