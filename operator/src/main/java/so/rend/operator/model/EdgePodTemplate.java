package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import so.rend.operator.customresource.CacheDevice;
import so.rend.operator.customresource.EdgeTemplate;
import so.rend.operator.customresource.RendRegion;

/**
 * The edge's pod: on the host network with host ports, its state (disk cache, revocations,
 * telemetry spool) in a dedicated {@value #HOST_SUBDIRECTORY} directory under the region's cache
 * device, mounted at {@value #STATE_DIR} whatever the device, and run as the image's non-root user.
 * An init container, the only part that runs as root and with CAP_CHOWN alone, gives that directory
 * to the user first ({@code rend-edge own-cache-dir}).
 */
final class EdgePodTemplate {
    /** Where the edge's state lives in the container, whatever the node's device. */
    static final String STATE_DIR = "/var/lib/rend-edge";

    /** The edge's own directory under a cache device: its eviction never reaches past it. */
    static final String HOST_SUBDIRECTORY = "rend-edge";

    static final String STATE_VOLUME = "state";

    static final String OWNER_CONTAINER = "own-state";
    static final int PROBE_TIMEOUT_SECONDS = 3;

    private final RendRegion region;
    private final CacheDevice device;

    /**
     * @param device the cache device the edge uses, or null for an emptyDir in the pod
     */
    EdgePodTemplate(RendRegion region, CacheDevice device) {
        this.region = region;
        this.device = device;
    }

    PodTemplateSpec build(Map<String, String> podLabels) {
        EdgeTemplate edge = region.getSpec().edge;
        List<Volume> volumes = new ArrayList<>();
        volumes.add(stateVolume());
        volumes.addAll(PodSecurity.scratchVolumes());
        if (edge.tls != null) {
            volumes.add(EdgeTlsFiles.volume(edge.tls.secretName));
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(podLabels)
                .endMetadata()
                .withNewSpec()
                .withHostNetwork(true)
                .withDnsPolicy("ClusterFirstWithHostNet")
                .withTerminationGracePeriodSeconds(30L)
                .withSecurityContext(PodSecurity.pod())
                .addNewToleration()
                .withKey(ResourceNames.NODE_EDGE_TAINT)
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .endToleration()
                .withVolumes(volumes)
                .addToInitContainers(ownerContainer(edge))
                .addToContainers(edgeContainer(edge))
                .endSpec()
                .build();
    }

    private Volume stateVolume() {
        if (device == null) {
            // No cache device declared: the disk tier lives in the pod and does not survive it.
            return PodSecurity.emptyDir(STATE_VOLUME);
        }
        return new VolumeBuilder()
                .withName(STATE_VOLUME)
                .withNewHostPath()
                .withPath(hostDirectory(device))
                .withType("DirectoryOrCreate")
                .endHostPath()
                .build();
    }

    static String hostDirectory(CacheDevice device) {
        return device.path.replaceAll("/+$", "") + "/" + HOST_SUBDIRECTORY;
    }

    private static List<VolumeMount> mounts() {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(PodSecurity.mount(STATE_VOLUME, STATE_DIR));
        mounts.addAll(PodSecurity.scratchMounts());
        return mounts;
    }

    private static List<VolumeMount> edgeMounts(EdgeTemplate edge) {
        List<VolumeMount> mounts = mounts();
        if (edge.tls != null) {
            mounts.add(EdgeTlsFiles.mount());
        }
        return mounts;
    }

    /**
     * Root with CAP_CHOWN alone: no other capability, no escalation, read-only root, the default
     * seccomp profile. It changes owners under the state directory and exits.
     */
    private static Container ownerContainer(EdgeTemplate edge) {
        String user = String.valueOf(PodSecurity.USER);
        return new ContainerBuilder()
                .withName(OWNER_CONTAINER)
                .withImage(edge.image)
                .withImagePullPolicy(edge.imagePullPolicy.name())
                .withArgs("own-cache-dir", STATE_DIR, user, user)
                .withVolumeMounts(mounts())
                .withSecurityContext(
                        new SecurityContextBuilder(PodSecurity.container())
                                .withRunAsNonRoot(false)
                                .withRunAsUser(0L)
                                .withRunAsGroup(0L)
                                .withNewCapabilities()
                                .withDrop("ALL")
                                .withAdd("CHOWN")
                                .endCapabilities()
                                .build())
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("memory", new Quantity("256Mi"))
                .endResources()
                .build();
    }

    private Container edgeContainer(EdgeTemplate edge) {
        int port = edge.port;
        return new ContainerBuilder()
                .withName(ResourceNames.EDGE_CONTAINER)
                .withImage(edge.image)
                .withImagePullPolicy(edge.imagePullPolicy.name())
                .addNewPort()
                .withName(ResourceNames.edgePublicPortName(edge))
                .withContainerPort(port)
                .withHostPort(port)
                .withProtocol("TCP")
                .endPort()
                .addNewPort()
                .withName("internal")
                .withContainerPort(edge.internalPort)
                .withHostPort(edge.internalPort)
                .withProtocol("TCP")
                .endPort()
                // The origin (and backup origin) settings come whole from a Secret; the explicit
                // env wins over it.
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName(edge.originSecretName)
                .endSecretRef()
                .endEnvFrom()
                .withEnv(edgeEnv(edge))
                .withVolumeMounts(edgeMounts(edge))
                .withResources(
                        PodSecurity.requestsOr(
                                edge.resources, "250m", (edge.ramCacheMiB + 512) + "Mi"))
                .withSecurityContext(PodSecurity.container())
                // The edge rebuilds its disk cache's index before it listens: up to ten minutes
                // for a large cache, after which liveness takes over.
                .withStartupProbe(probe(edge, "/healthz", 5, 120))
                .withReadinessProbe(probe(edge, "/readyz", 2, 3))
                .withLivenessProbe(probe(edge, "/healthz", 10, 3))
                .build();
    }

    private List<EnvVar> edgeEnv(EdgeTemplate edge) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("REND_EDGE_HOST", "0.0.0.0", null));
        env.add(new EnvVar("REND_EDGE_PORT", String.valueOf(edge.port), null));
        env.add(new EnvVar("REND_EDGE_REGION", region.getMetadata().getName(), null));
        env.add(fieldEnv("REND_EDGE_ID", "spec.nodeName"));
        // On the host network the node's IP is the edge's: the control plane warms and purges
        // there.
        env.add(fieldEnv("REND_EDGE_NODE_IP", "status.hostIP"));
        env.add(new EnvVar("REND_EDGE_INTERNAL_PORT", String.valueOf(edge.internalPort), null));
        env.add(
                new EnvVar(
                        "REND_EDGE_INTERNAL_URL",
                        "http://$(REND_EDGE_NODE_IP):" + edge.internalPort,
                        null));
        env.add(new EnvVar("REND_EDGE_PUBLIC_URL", publicUrl(edge), null));
        if (edge.tls != null) {
            env.addAll(EdgeTlsFiles.env());
        }
        env.add(new EnvVar("REND_CONTROL_PLANE_URL", edge.controlPlaneUrl, null));
        env.add(
                new EnvVar(
                        "REND_EDGE_RAM_CACHE_BYTES",
                        String.valueOf((long) edge.ramCacheMiB << 20),
                        null));
        // The revocations and the telemetry spool are kept beside the cache directory: inside
        // the state volume, so they survive the pod too.
        env.add(new EnvVar("REND_EDGE_CACHE_DIR", STATE_DIR + "/cache", null));
        if (device != null) {
            env.add(
                    new EnvVar(
                            "REND_EDGE_CACHE_MAX_BYTES",
                            String.valueOf((long) device.sizeGiB << 30),
                            null));
        }
        env.add(
                RegionEdges.secretEnv(
                        "REND_PLAYBACK_SIGNING_KEY_ID",
                        edge.signingSecretName,
                        ResourceNames.SIGNING_KEY_ID_KEY));
        env.add(
                RegionEdges.secretEnv(
                        "REND_PLAYBACK_SIGNING_SECRET",
                        edge.signingSecretName,
                        ResourceNames.SIGNING_SECRET_KEY));
        env.add(
                RegionEdges.secretEnv(
                        "REND_INTERNAL_TOKEN",
                        edge.internalTokenSecretName,
                        ResourceNames.INTERNAL_TOKEN_KEY));
        return env;
    }

    private String publicUrl(EdgeTemplate edge) {
        if (edge.publicUrl != null) {
            return edge.publicUrl;
        }
        boolean https = edge.tls != null;
        int defaultPort = https ? 443 : 80;
        return (https ? "https://" : "http://")
                + region.getSpec().dns.hostname
                + (edge.port == defaultPort ? "" : ":" + edge.port);
    }

    private static EnvVar fieldEnv(String variable, String fieldPath) {
        return new EnvVarBuilder()
                .withName(variable)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath(fieldPath)
                .endFieldRef()
                .endValueFrom()
                .build();
    }

    private static Probe probe(
            EdgeTemplate edge, String path, int periodSeconds, int failureThreshold) {
        // /readyz checks the origin for up to 2 s (an unreachable origin does not make the edge
        // unready): the kubelet's default 1 s would.
        Probe probe =
                HttpProbes.get(
                        path, edge.port, periodSeconds, PROBE_TIMEOUT_SECONDS, failureThreshold);
        if (edge.tls != null) {
            // The viewers' listener itself, handshake included (the kubelet does not verify the
            // certificate).
            probe.getHttpGet().setScheme("HTTPS");
        }
        return probe;
    }
}
