package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import so.rend.operator.customresource.HomeRegionApi;
import so.rend.operator.customresource.RendRegion;

/**
 * The control plane a home region hosts: the rend-api Deployment (Pod Security {@code restricted}),
 * its Service and its PodDisruptionBudget.
 */
public final class HomeRegionControlPlane {
    private final RendRegion region;
    private final HomeRegionApi api;
    private final String name;

    private HomeRegionControlPlane(RendRegion region) {
        this.region = region;
        this.api = region.getSpec().api;
        this.name = region.getMetadata().getName();
    }

    /** Empty unless the region is the home region (spec.api set). */
    public static Optional<HomeRegionControlPlane> fromCrd(RendRegion region) {
        return region.getSpec().api == null
                ? Optional.empty()
                : Optional.of(new HomeRegionControlPlane(region));
    }

    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ResourceNames.APP_NAME_LABEL, ResourceNames.API_APP);
        labels.put(ResourceNames.REGION_LABEL, name);
        return labels;
    }

    private ObjectMeta metadata(String objectName) {
        Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
        labels.put(ResourceNames.COMPONENT_LABEL, "api");
        labels.put(ResourceNames.INSTANCE_LABEL, name);
        labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY);
        return new ObjectMetaBuilder()
                .withName(objectName)
                .withNamespace(region.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(
                        new OwnerReferenceBuilder()
                                .withApiVersion(region.getApiVersion())
                                .withKind(region.getKind())
                                .withName(name)
                                .withUid(region.getMetadata().getUid())
                                .withController(true)
                                .withBlockOwnerDeletion(true)
                                .build())
                .build();
    }

    public Deployment generateDeployment() {
        List<EnvVar> env =
                List.of(
                        new EnvVar("REND_API_PORT", String.valueOf(api.port), null),
                        new EnvVar(
                                "REND_API_INTERNAL_PORT", String.valueOf(api.internalPort), null));
        List<EnvFromSource> envFrom = new ArrayList<>();
        for (String secret : api.envFromSecrets) {
            envFrom.add(
                    new EnvFromSourceBuilder()
                            .withNewSecretRef()
                            .withName(secret)
                            .endSecretRef()
                            .build());
        }
        return new DeploymentBuilder()
                .withMetadata(metadata(ResourceNames.apiDeployment(name)))
                .withNewSpec()
                .withReplicas(api.replicas)
                .withNewSelector()
                .withMatchLabels(selectorLabels())
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(selectorLabels())
                .endMetadata()
                .withNewSpec()
                .withSecurityContext(PodSecurity.pod())
                .withVolumes(PodSecurity.scratchVolumes())
                .addToContainers(apiContainer(env, envFrom))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private Container apiContainer(List<EnvVar> env, List<EnvFromSource> envFrom) {
        return new ContainerBuilder()
                .withName(ResourceNames.API_CONTAINER)
                .withImage(api.image)
                .withImagePullPolicy(api.imagePullPolicy.name())
                .addNewPort()
                .withName("http")
                .withContainerPort(api.port)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withName("internal")
                .withContainerPort(api.internalPort)
                .withProtocol("TCP")
                .endPort()
                .withEnv(env)
                .withEnvFrom(envFrom)
                .withResources(PodSecurity.requestsOr(api.resources, "250m", "512Mi"))
                .withSecurityContext(PodSecurity.container())
                .withVolumeMounts(PodSecurity.scratchMounts())
                // Migrations run before the API listens: two minutes before liveness applies.
                .withStartupProbe(HttpProbes.get("/healthz", api.port, 2, null, 60))
                .withReadinessProbe(HttpProbes.get("/readyz", api.port, 5, null, null))
                .withLivenessProbe(HttpProbes.get("/healthz", api.port, 10, null, null))
                .build();
    }

    /**
     * Voluntary disruptions (node drains, cluster upgrades) take one API replica at a time, so a
     * drain never empties the control plane while it has more than one replica.
     */
    public PodDisruptionBudget generatePodDisruptionBudget() {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(ResourceNames.apiDeployment(name)))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(selectorLabels())
                .endSelector()
                .endSpec()
                .build();
    }

    public Service generateService() {
        return new ServiceBuilder()
                .withMetadata(metadata(ResourceNames.apiService(name)))
                .withNewSpec()
                .withSelector(selectorLabels())
                .addNewPort()
                .withName("http")
                .withPort(api.port)
                .withTargetPort(new IntOrString(api.port))
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withName("internal")
                .withPort(api.internalPort)
                .withTargetPort(new IntOrString(api.internalPort))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
