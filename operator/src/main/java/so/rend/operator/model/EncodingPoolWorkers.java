package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import so.rend.operator.customresource.FfmpegSettings;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.RendEncodingPoolSpec;

/**
 * The objects a RendEncodingPool stands for: the worker Deployment and, with KEDA, its
 * ScaledObject.
 */
public final class EncodingPoolWorkers {
    /** The worker's scratch directory, an emptyDir (REND_WORKER_WORK_DIR). */
    static final String WORK_DIR = "/var/lib/rend-worker";

    static final String WORK_VOLUME = "work";

    /** The worker's /healthz, /readyz and /metrics port (REND_WORKER_PORT). */
    static final int HEALTH_PORT = 4200;

    private final RendEncodingPool pool;
    private final String name;
    private final String namespace;

    private EncodingPoolWorkers(RendEncodingPool pool) {
        this.pool = pool;
        this.name = pool.getMetadata().getName();
        this.namespace = pool.getMetadata().getNamespace();
    }

    public static EncodingPoolWorkers fromCrd(RendEncodingPool pool) {
        return new EncodingPoolWorkers(pool);
    }

    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ResourceNames.APP_NAME_LABEL, ResourceNames.WORKER_APP);
        labels.put(ResourceNames.POOL_LABEL, name);
        return labels;
    }

    private ObjectMeta metadata(String objectName) {
        Map<String, String> labels = new LinkedHashMap<>(selectorLabels());
        labels.put(ResourceNames.COMPONENT_LABEL, "worker");
        labels.put(ResourceNames.INSTANCE_LABEL, name);
        labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY);
        return new ObjectMetaBuilder()
                .withName(objectName)
                .withNamespace(namespace)
                .withLabels(labels)
                .withOwnerReferences(
                        new OwnerReferenceBuilder()
                                .withApiVersion(pool.getApiVersion())
                                .withKind(pool.getKind())
                                .withName(name)
                                .withUid(pool.getMetadata().getUid())
                                .withController(true)
                                .withBlockOwnerDeletion(true)
                                .build())
                .build();
    }

    /**
     * @param replicas replicas to set; null leaves them to KEDA's HPA
     */
    public Deployment generateDeployment(Integer replicas) {
        RendEncodingPoolSpec spec = pool.getSpec();
        List<EnvVar> env = new ArrayList<>();
        env.add(
                RegionEdges.secretEnv(
                        "REND_DATABASE_URL",
                        spec.databaseSecretName,
                        ResourceNames.DATABASE_URL_KEY));
        FfmpegSettings ffmpeg = spec.ffmpeg == null ? new FfmpegSettings() : spec.ffmpeg;
        env.add(
                new EnvVar(
                        "REND_MEDIA_PROCESS_TIMEOUT_SECS",
                        String.valueOf(ffmpeg.processTimeoutSeconds),
                        null));
        if (ffmpeg.ffmpegPath != null) {
            env.add(new EnvVar("REND_FFMPEG_PATH", ffmpeg.ffmpegPath, null));
        }
        if (ffmpeg.ffprobePath != null) {
            env.add(new EnvVar("REND_FFPROBE_PATH", ffmpeg.ffprobePath, null));
        }
        env.add(new EnvVar("REND_WORKER_WORK_DIR", WORK_DIR, null));
        env.add(new EnvVar("REND_WORKER_PORT", String.valueOf(HEALTH_PORT), null));
        if (spec.concurrency != null) {
            env.add(new EnvVar("REND_WORKER_CONCURRENCY", String.valueOf(spec.concurrency), null));
        }
        List<EnvFromSource> envFrom = new ArrayList<>();
        for (String secret : spec.envFromSecrets) {
            envFrom.add(
                    new EnvFromSourceBuilder()
                            .withNewSecretRef()
                            .withName(secret)
                            .endSecretRef()
                            .build());
        }
        return new DeploymentBuilder()
                .withMetadata(metadata(ResourceNames.workerDeployment(name)))
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(selectorLabels())
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(selectorLabels())
                .endMetadata()
                .withNewSpec()
                .withNodeSelector(spec.nodeSelector.isEmpty() ? null : spec.nodeSelector)
                .withSecurityContext(PodSecurity.pod())
                .withVolumes(volumes())
                // A worker finishes or hands back its job lease on SIGTERM; give ffmpeg time to
                // stop.
                .withTerminationGracePeriodSeconds(120L)
                .addToContainers(workerContainer(env, envFrom))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private Container workerContainer(List<EnvVar> env, List<EnvFromSource> envFrom) {
        RendEncodingPoolSpec spec = pool.getSpec();
        List<VolumeMount> mounts = new ArrayList<>(PodSecurity.scratchMounts());
        mounts.add(PodSecurity.mount(WORK_VOLUME, WORK_DIR));
        return new ContainerBuilder()
                .withName(ResourceNames.WORKER_CONTAINER)
                .withImage(spec.image)
                .withImagePullPolicy(spec.imagePullPolicy.name())
                .addNewPort()
                .withName("health")
                .withContainerPort(HEALTH_PORT)
                .withProtocol("TCP")
                .endPort()
                .withEnv(env)
                .withEnvFrom(envFrom)
                .withResources(PodSecurity.requestsOr(spec.resources, "1", "1Gi"))
                .withSecurityContext(PodSecurity.container())
                .withVolumeMounts(mounts)
                // /readyz: PostgreSQL, the object store and LISTEN answer; /healthz: the process.
                .withStartupProbe(probe("/healthz", 2, 60))
                .withReadinessProbe(probe("/readyz", 5, 3))
                .withLivenessProbe(probe("/healthz", 10, 3))
                .build();
    }

    /** Scratch for sources and encodes, sized by the node's disk, gone with the pod. */
    private static List<Volume> volumes() {
        List<Volume> volumes = new ArrayList<>(PodSecurity.scratchVolumes());
        volumes.add(PodSecurity.emptyDir(WORK_VOLUME));
        return volumes;
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return HttpProbes.get(path, HEALTH_PORT, periodSeconds, 3, failureThreshold);
    }

    /** KEDA's postgresql trigger on the same query as the built-in scaler. */
    public GenericKubernetesResource generateScaledObject() {
        PoolScaling scaling = pool.getSpec().scaling;
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "postgresql");
        trigger.put(
                "metadata",
                Map.of(
                        "query",
                        QueueScaling.QUEUE_DEPTH_QUERY,
                        "targetQueryValue",
                        String.valueOf(scaling.jobsPerReplica),
                        "activationTargetQueryValue",
                        "0",
                        "connectionFromEnv",
                        "REND_DATABASE_URL"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(
                "scaleTargetRef",
                Map.of(
                        "apiVersion",
                        "apps/v1",
                        "kind",
                        "Deployment",
                        "name",
                        ResourceNames.workerDeployment(name)));
        spec.put("minReplicaCount", scaling.minReplicas);
        spec.put("maxReplicaCount", scaling.maxReplicas);
        spec.put("pollingInterval", scaling.pollIntervalSeconds);
        spec.put(
                "advanced",
                Map.of(
                        "horizontalPodAutoscalerConfig",
                        Map.of(
                                "behavior",
                                Map.of(
                                        "scaleDown",
                                        Map.of(
                                                "stabilizationWindowSeconds",
                                                scaling.scaleDownStabilizationSeconds)))));
        spec.put("triggers", List.of(trigger));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(ResourceNames.SCALED_OBJECT_API_VERSION)
                .withKind(ResourceNames.SCALED_OBJECT_KIND)
                .withMetadata(metadata(ResourceNames.scaledObject(name)))
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }
}
