package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.stream.Stream;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.HomeRegionControlPlane;
import so.rend.operator.model.ResourceNames;

/**
 * The home region's rend-api: its Deployment, Service and PodDisruptionBudget, applied while {@code
 * spec.api} is set and removed when it goes. Reads come from the region's informer caches.
 */
final class RegionApi {
    private final KubernetesClient client;
    private final ResourceWriter writer;

    RegionApi(KubernetesClient client, ResourceWriter writer) {
        this.client = client;
        this.writer = writer;
    }

    /** Returns the API Deployment's ready replicas, or null when the region runs no API. */
    Integer reconcile(RendRegion region, Context<RendRegion> context) {
        String name = region.getMetadata().getName();
        Service service =
                CachedResources.named(context, Service.class, ResourceNames.apiService(name));
        PodDisruptionBudget budget =
                CachedResources.named(
                        context, PodDisruptionBudget.class, ResourceNames.apiDeployment(name));
        Deployment current =
                CachedResources.named(context, Deployment.class, ResourceNames.apiDeployment(name));
        var controlPlane = HomeRegionControlPlane.fromCrd(region);
        if (controlPlane.isEmpty()) {
            String uid = region.getMetadata().getUid();
            Stream.of(current, service, budget)
                    .filter(o -> o != null && ownedBy(o, uid))
                    .forEach(o -> client.resource(o).delete());
            return null;
        }
        writer.apply(controlPlane.get().generateService(), service);
        writer.apply(controlPlane.get().generatePodDisruptionBudget(), budget);
        Deployment deployment = writer.apply(controlPlane.get().generateDeployment(), current);
        Integer ready =
                deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }

    private static boolean ownedBy(HasMetadata object, String uid) {
        return object.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> uid.equals(o.getUid()));
    }
}
