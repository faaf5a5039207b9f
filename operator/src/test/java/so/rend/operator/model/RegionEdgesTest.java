package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static so.rend.operator.Fixtures.edgeNode;
import static so.rend.operator.Fixtures.region;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import so.rend.operator.customresource.EdgeTls;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;

class RegionEdgesTest {
    private final RendRegion region = region("edge", "fra", "ghcr.io/rend/edge:1");
    private final List<RendEdgeNode> nodes =
            List.of(
                    edgeNode("edge", "metal-c", "fra", "203.0.113.3", "/mnt/nvme0/rend"),
                    edgeNode(
                            "edge",
                            "metal-a",
                            "fra",
                            "203.0.113.1",
                            "/mnt/nvme0/rend",
                            "/mnt/nvme1/rend"),
                    edgeNode("edge", "metal-b", "fra", "2001:db8::2", "/mnt/nvme0/rend"),
                    edgeNode("edge", "metal-x", "lhr", "198.51.100.9", "/mnt/other"));

    @Test
    void daemonSetIsPinnedToExactlyTheRegionsEdgeNodes() {
        var ds = onlyDaemonSet(RegionEdges.fromCrd(region, nodes));
        var terms =
                ds.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAffinity()
                        .getNodeAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms();
        assertThat(terms)
                .hasSize(3)
                .allSatisfy(
                        term ->
                                assertThat(term.getMatchFields())
                                        .singleElement()
                                        .satisfies(
                                                field -> {
                                                    assertThat(field.getKey())
                                                            .isEqualTo("metadata.name");
                                                    assertThat(field.getOperator()).isEqualTo("In");
                                                    assertThat(field.getValues()).hasSize(1);
                                                }));
        assertThat(terms)
                .extracting(t -> t.getMatchFields().get(0).getValues().get(0))
                .containsExactly("metal-a", "metal-b", "metal-c");
        // metal-a declares a second device, but the edge uses the first: one layout.
        assertThat(ds.getMetadata().getName())
                .isEqualTo("fra-edge-" + RegionEdges.fromCrd(region, nodes).layout("metal-a").id());
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(ds.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(region.getMetadata().getUid()));
    }

    @Test
    void regionWithoutEdgeNodesRunsNowhere() {
        var terms =
                RegionEdges.fromCrd(region, List.of())
                        .generateDaemonSet(CacheLayout.none(), List.of())
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAffinity()
                        .getNodeAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution()
                        .getNodeSelectorTerms();
        assertThat(terms)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.getMatchFields()).isEmpty();
                            assertThat(t.getMatchExpressions())
                                    .singleElement()
                                    .satisfies(
                                            e ->
                                                    assertThat(e.getValues())
                                                            .containsExactly("fra.no-edge-nodes"));
                        });
    }

    @Test
    void mountsTheEdgesOwnDirectoryOnTheFirstDeviceAtAFixedPath() {
        PodSpec pod = edgePod();
        // Only the device the edge uses, and only its own subdirectory: eviction cannot reach
        // the rest of the disk, and no other device's directory is created on every node.
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getHostPath() != null)
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.getHostPath().getPath())
                                    .isEqualTo("/mnt/nvme0/rend/rend-edge");
                            assertThat(v.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
                        });
        for (Container container : allContainers(pod)) {
            assertThat(container.getVolumeMounts())
                    .extracting(m -> m.getName() + ":" + m.getMountPath())
                    .containsExactly("state:/var/lib/rend-edge", "tmp:/tmp", "home:/home/rend");
        }
    }

    @Test
    void edgeCachesUnderTheFirstDeviceWithItsSize() {
        Container edge = edgePod().getContainers().get(0);
        assertThat(env(edge))
                .containsEntry("REND_EDGE_CACHE_DIR", "/var/lib/rend-edge/cache")
                .containsEntry("REND_EDGE_CACHE_MAX_BYTES", String.valueOf(900L << 30))
                .containsEntry("REND_EDGE_RAM_CACHE_BYTES", String.valueOf(256L << 20));
    }

    @Test
    void withoutCacheDevicesTheDiskTierLivesInThePod() {
        var bare = List.of(edgeNode("edge", "metal-a", "fra", "203.0.113.1"));
        PodSpec pod =
                onlyDaemonSet(RegionEdges.fromCrd(region, bare)).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes())
                .allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull())
                .extracting(Volume::getName)
                .containsExactly("state", "tmp", "home");
        assertThat(env(pod.getContainers().get(0)))
                .containsEntry("REND_EDGE_CACHE_DIR", "/var/lib/rend-edge/cache")
                .doesNotContainKey("REND_EDGE_CACHE_MAX_BYTES");
    }

    @Test
    void runsOnTheHostNetworkWithProbesAndSecretsFromSecrets() {
        PodSpec pod = edgePod();
        Container edge = pod.getContainers().get(0);
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getTolerations())
                .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("rend.so/edge"));
        assertThat(edge.getImage()).isEqualTo("ghcr.io/rend/edge:1");
        assertThat(edge.getPorts())
                .extracting(p -> p.getName() + " " + p.getContainerPort() + " " + p.getHostPort())
                .as("viewers' port and the internal listener, both on the host network")
                .containsExactly("http 4100 4100", "internal 4101 4101");
        assertThat(edge.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(edge.getReadinessProbe().getTimeoutSeconds())
                .as("longer than /readyz's 2 s origin check")
                .isEqualTo(3);
        assertThat(edge.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(env(edge))
                .containsEntry("REND_CONTROL_PLANE_URL", "https://api.rend.example.com")
                .containsEntry("REND_EDGE_REGION", "fra")
                .containsEntry("REND_EDGE_PORT", "4100")
                .containsEntry("REND_EDGE_INTERNAL_PORT", "4101")
                .containsEntry("REND_EDGE_PUBLIC_URL", "http://edge-fra.rend.example.com:4100")
                .containsEntry("REND_EDGE_INTERNAL_URL", "http://$(REND_EDGE_NODE_IP):4101");
        assertThat(edge.getEnv())
                .filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
                .extracting(e -> e.getName() + "=" + e.getValueFrom().getFieldRef().getFieldPath())
                .containsExactly("REND_EDGE_ID=spec.nodeName", "REND_EDGE_NODE_IP=status.hostIP");
        assertThat(secretRef(edge, "REND_PLAYBACK_SIGNING_KEY_ID"))
                .isEqualTo("rend-playback-signing/key-id");
        assertThat(secretRef(edge, "REND_PLAYBACK_SIGNING_SECRET"))
                .isEqualTo("rend-playback-signing/secret");
        assertThat(secretRef(edge, "REND_INTERNAL_TOKEN")).isEqualTo("rend-internal-token/token");
        assertThat(edge.getEnv())
                .noneMatch(e -> e.getName().contains("SECRET") && e.getValue() != null);
        assertThat(edge.getEnvFrom())
                .singleElement()
                .satisfies(
                        from -> assertThat(from.getSecretRef().getName()).isEqualTo("rend-origin"));
    }

    @Test
    void templateHashChangesWithTheImageButNotWithTheNodeSet() {
        String before = RegionEdges.fromCrd(region, nodes).templateHash();
        String fewerNodes =
                RegionEdges.fromCrd(region, List.of(nodes.get(0), nodes.get(1))).templateHash();
        region.getSpec().edge.image = "ghcr.io/rend/edge:2";
        String newImage = RegionEdges.fromCrd(region, nodes).templateHash();
        assertThat(fewerNodes).isEqualTo(before);
        assertThat(newImage).isNotEqualTo(before);
        var edges = RegionEdges.fromCrd(region, nodes);
        assertThat(onlyDaemonSet(edges).getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(
                        ResourceNames.EDGE_TEMPLATE_HASH_LABEL,
                        edges.templateHash(edges.layout("metal-a")))
                .containsEntry(ResourceNames.EDGE_CACHE_LAYOUT_LABEL, edges.layout("metal-a").id());
        assertThat(edges.desiredHash("metal-a"))
                .as("the region's template and the node's layout")
                .isNotEqualTo(before)
                .isEqualTo(edges.desiredHash("metal-c"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void dnsEndpointListsOnlyTheGivenEdgesPerLocationWithSetIdentifiers() {
        var edges = RegionEdges.fromCrd(region, nodes);
        var dns = edges.generateDnsEndpoint(Set.of("metal-a", "metal-b"));
        assertThat(dns.getApiVersion()).isEqualTo("externaldns.k8s.io/v1alpha1");
        assertThat(dns.getKind()).isEqualTo("DNSEndpoint");
        var endpoints =
                (List<Map<String, Object>>)
                        ((Map<String, Object>) dns.getAdditionalProperties().get("spec"))
                                .get("endpoints");
        // DE, FR and EU, each an A (metal-a) and an AAAA (metal-b) record set.
        assertThat(endpoints).hasSize(6);
        assertThat(endpoints)
                .extracting(e -> e.get("setIdentifier") + "/" + e.get("recordType"))
                .containsExactlyInAnyOrder(
                        "fra-de/A",
                        "fra-de/AAAA",
                        "fra-fr/A",
                        "fra-fr/AAAA",
                        "fra-eu/A",
                        "fra-eu/AAAA");
        assertThat(endpoints)
                .filteredOn(e -> e.get("recordType").equals("A"))
                .allSatisfy(e -> assertThat(e.get("targets")).isEqualTo(List.of("203.0.113.1")));
        assertThat(endpoints)
                .filteredOn(e -> "fra-eu".equals(e.get("setIdentifier")))
                .allSatisfy(
                        e ->
                                assertThat(e.get("providerSpecific"))
                                        .isEqualTo(
                                                List.of(
                                                        Map.of(
                                                                "name",
                                                                "aws/geolocation-continent-code",
                                                                "value",
                                                                "EU"))));
        assertThat(endpoints)
                .allSatisfy(
                        e -> assertThat(e.get("dnsName")).isEqualTo("edge-fra.rend.example.com"));
        assertThat(edges.nodesListedIn(dns)).containsExactly("metal-a", "metal-b");
    }

    @Test
    void noReadyEdgeMeansNoRecords() {
        var edges = RegionEdges.fromCrd(region, nodes);
        var dns = edges.generateDnsEndpoint(Set.of());
        assertThat(dns.getAdditionalProperties().get("spec"))
                .isEqualTo(Map.of("endpoints", List.of()));
        assertThat(edges.nodesListedIn(dns)).isEmpty();
        assertThat(edges.nodesListedIn(null)).isEmpty();
    }

    @Test
    void serviceSelectsTheRegionsEdgePods() {
        var service = RegionEdges.fromCrd(region, nodes).generateService();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getSelector())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("app.kubernetes.io/name", "rend-edge", "rend.so/region", "fra"));
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static String secretRef(Container container, String name) {
        var ref =
                container.getEnv().stream()
                        .filter(e -> e.getName().equals(name))
                        .findFirst()
                        .orElseThrow()
                        .getValueFrom()
                        .getSecretKeyRef();
        return ref.getName() + "/" + ref.getKey();
    }

    @Test
    void everyRestrictedControlIsSetOnTheEdgePod() {
        PodSpec pod = edgePod();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10_001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        Container edge = pod.getContainers().get(0);
        SecurityContext context = edge.getSecurityContext();
        assertThat(context.getRunAsNonRoot()).isTrue();
        assertThat(context.getRunAsUser()).as("the pod's non-root user").isNull();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getPrivileged()).isNull();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isEmpty();
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(edge.getResources().getRequests()).containsKeys("cpu", "memory");
        // The edge rebuilds its cache index before it listens: the startup probe allows ten
        // minutes before liveness may restart it.
        assertThat(edge.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(
                        edge.getStartupProbe().getPeriodSeconds()
                                * edge.getStartupProbe().getFailureThreshold())
                .isGreaterThanOrEqualTo(600);

        // The one root step: CAP_CHOWN alone, on the state directory, then it exits.
        assertThat(pod.getInitContainers()).singleElement().satisfies(this::ownsTheStateAsRoot);
    }

    @Test
    void aTlsSecretIsMountedReadOnlyWithItsTwoFilesNamedAndProbedOverHttps() {
        region.getSpec().edge.tls = new EdgeTls("edge-fra-tls");
        PodSpec pod = edgePod();
        Container edge = pod.getContainers().get(0);

        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("tls"))
                .singleElement()
                .satisfies(
                        volume -> {
                            assertThat(volume.getSecret().getSecretName())
                                    .isEqualTo("edge-fra-tls");
                            assertThat(volume.getSecret().getItems())
                                    .extracting(i -> i.getKey() + "=" + i.getPath())
                                    .containsExactly("tls.crt=tls.crt", "tls.key=tls.key");
                            assertThat(volume.getSecret().getDefaultMode())
                                    .as("the pod's group (fsGroup) reads it, nobody else")
                                    .isEqualTo(0440);
                        });
        assertThat(edge.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("tls"))
                .singleElement()
                .satisfies(
                        mount -> {
                            assertThat(mount.getMountPath()).isEqualTo("/etc/rend-edge/tls");
                            assertThat(mount.getReadOnly()).isTrue();
                            assertThat(mount.getSubPath())
                                    .as("a subPath mount never sees a renewal")
                                    .isNull();
                        });
        assertThat(env(edge))
                .containsEntry("REND_EDGE_TLS_CERT_FILE", "/etc/rend-edge/tls/tls.crt")
                .containsEntry("REND_EDGE_TLS_KEY_FILE", "/etc/rend-edge/tls/tls.key")
                .containsEntry("REND_EDGE_PUBLIC_URL", "https://edge-fra.rend.example.com:4100")
                .containsEntry("REND_EDGE_INTERNAL_URL", "http://$(REND_EDGE_NODE_IP):4101");
        assertThat(
                        List.of(
                                edge.getStartupProbe(),
                                edge.getReadinessProbe(),
                                edge.getLivenessProbe()))
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS"));
        assertThat(edge.getPorts())
                .extracting(p -> p.getName() + " " + p.getContainerPort())
                .containsExactly("https 4100", "internal 4101");
        assertThat(RegionEdges.fromCrd(region, nodes).generateService().getSpec().getPorts())
                .extracting(p -> p.getName() + " " + p.getPort())
                .containsExactly("https 4100");
        assertThat(edge.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getInitContainers().get(0).getVolumeMounts())
                .as("the root init container never sees the key")
                .noneMatch(m -> m.getName().equals("tls"));
    }

    @Test
    void withoutTlsTheEdgeServesPlainHttpAndMountsNoSecretFiles() {
        PodSpec pod = edgePod();
        Container edge = pod.getContainers().get(0);
        assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
        assertThat(env(edge))
                .doesNotContainKeys("REND_EDGE_TLS_CERT_FILE", "REND_EDGE_TLS_KEY_FILE");
        assertThat(edge.getReadinessProbe().getHttpGet().getScheme()).isNull();
    }

    @Test
    void aTlsRegionOnPort443HasAPublicUrlWithoutAPort() {
        region.getSpec().edge.tls = new EdgeTls("edge-fra-tls");
        region.getSpec().edge.port = 443;
        Container edge = edgePod().getContainers().get(0);
        assertThat(env(edge))
                .containsEntry("REND_EDGE_PUBLIC_URL", "https://edge-fra.rend.example.com");
    }

    private void ownsTheStateAsRoot(Container init) {
        assertThat(init.getImage()).isEqualTo(region.getSpec().edge.image);
        assertThat(init.getArgs())
                .containsExactly("own-cache-dir", "/var/lib/rend-edge", "10001", "10001");
        SecurityContext context = init.getSecurityContext();
        assertThat(context.getRunAsUser()).isZero();
        assertThat(context.getRunAsNonRoot()).isFalse();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).containsExactly("CHOWN");
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    /** The pod template of the region's edge DaemonSet. */
    private PodSpec edgePod() {
        return onlyDaemonSet(RegionEdges.fromCrd(region, nodes)).getSpec().getTemplate().getSpec();
    }

    /** The one DaemonSet of a region whose edge nodes share a cache layout, before any pod. */
    static DaemonSet onlyDaemonSet(RegionEdges edges) {
        List<DaemonSet> daemonSets =
                EdgeDaemonSets.of(edges, Map.of(), EdgeDaemonSetsTest.NO_STEPS, List.of()).apply();
        assertThat(daemonSets).hasSize(1);
        return daemonSets.get(0);
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getInitContainers());
        all.addAll(pod.getContainers());
        return all;
    }
}
