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
        String edge = ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.EDGE_APP;
        // The edge and API Services and the API's PodDisruptionBudget: everything of a region the
        // operator writes is read back from a cache, so a reconcile that changes nothing sends no
        // request for it.
        String owned =
                ResourceNames.MANAGED_BY_LABEL
                        + "="
                        + ResourceNames.MANAGED_BY
                        + ","
                        + ResourceNames.REGION_LABEL;
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
        return List.of(
                labelled(context, Pod.class, "edge-pods", edge),
                labelled(context, DaemonSet.class, "edge-daemonsets", edge),
                edgeNodes,
                labelled(
                        context,
                        Deployment.class,
                        "api-deployments",
                        ResourceNames.APP_NAME_LABEL + "=" + ResourceNames.API_APP),
                labelled(context, Service.class, "region-services", owned),
                labelled(context, PodDisruptionBudget.class, "api-disruption-budgets", owned));
    }

    /** A watch of {@code kind} by label selector, each object mapped to the region it names. */
    private static <R extends HasMetadata> InformerEventSource<R, RendRegion> labelled(
            EventSourceContext<RendRegion> context, Class<R> kind, String name, String selector) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(kind, RendRegion.class)
                        .withName(name)
                        .withLabelSelector(selector)
                        .withSecondaryToPrimaryMapper(RegionWatches::regionOf)
                        .build(),
                context);
    }

    private static Set<ResourceID> regionOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String region = labels == null ? null : labels.get(ResourceNames.REGION_LABEL);
        return region == null
                ? Set.of()
                : Set.of(new ResourceID(region, object.getMetadata().getNamespace()));
    }
}
