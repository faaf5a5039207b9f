package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.EdgeTls;
import so.rend.operator.customresource.HomeRegionApi;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.CacheLayout;
import so.rend.operator.model.EncodingPoolWorkers;
import so.rend.operator.model.HomeRegionControlPlane;
import so.rend.operator.model.RegionEdges;

/**
 * Rend's pod templates against the API server's own Pod Security admission (server-side dry-run
 * creates in namespaces that enforce a level), and the chart's allow-list of edge cache roots.
 */
class PodSecurityOnRealApiServerIT {
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        client = KubeApiServerHarness.client();
    }

    @Test
    void theApiWorkerAndOperatorPodsAreAdmittedWhereRestrictedIsEnforced() {
        String namespace = namespace("restricted");
        RendRegion home = Fixtures.region(namespace, "iad", "ghcr.io/rend/edge:1");
        home.getSpec().api = new HomeRegionApi();
        home.getSpec().api.image = "ghcr.io/rend/api:1";
        PodSpec api =
                HomeRegionControlPlane.fromCrd(home)
                        .orElseThrow()
                        .generateDeployment()
                        .getSpec()
                        .getTemplate()
                        .getSpec();
        PodSpec worker =
                EncodingPoolWorkers.fromCrd(
                                Fixtures.pool(namespace, "media", new PoolScaling(1, 4, 2, 60)))
                        .generateDeployment(1)
                        .getSpec()
                        .getTemplate()
                        .getSpec();
        KubeApiServerHarness.operatorClient();
        PodSpec operator =
                client.apps()
                        .deployments()
                        .inNamespace(KubeApiServerHarness.RELEASE_NAMESPACE)
                        .withName(KubeApiServerHarness.RELEASE + "-operator")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec();
        // The chart's operator runs as its own ServiceAccount; here the namespace's default.
        operator = new PodSpecBuilder(operator).withServiceAccountName(null).build();

        for (PodSpec spec : List.of(api, worker, operator)) {
            Pod created = dryRun(namespace, spec);
            assertThat(created.getMetadata().getNamespace()).isEqualTo(namespace);
        }
    }

    @Test
    void theEdgeBreaksOnlyTheHostControlsItNeedsAndItsRootStepOnlyCapChown() {
        String restricted = namespace("restricted");
        PodSpec edge = edgePod();

        // Refused by restricted for the host network, host ports and hostPath alone in the edge
        // container; the init container only for running as root with CAP_CHOWN.
        assertThat(violations(restricted, edge))
                .containsExactlyInAnyOrder(
                        "host namespaces (hostNetwork=true)",
                        "hostPort (container \"edge\" uses hostPorts 4100, 4101)",
                        "restricted volume types (volume \"state\" uses restricted volume type"
                                + " \"hostPath\")",
                        "runAsNonRoot != true (container \"own-state\" must not set"
                                + " securityContext.runAsNonRoot=false)",
                        "runAsUser=0 (container \"own-state\" must not set runAsUser=0)",
                        "unrestricted capabilities (container \"own-state\" must not include"
                                + " \"CHOWN\" in securityContext.capabilities.add)");

        // Without those three host features and the root step, restricted admits the edge: every
        // other control is set on it.
        PodSpec confined =
                new PodSpecBuilder(edge)
                        .withHostNetwork(false)
                        .withInitContainers(List.of())
                        .editFirstContainer()
                        .editMatchingPort(p -> "https".equals(p.getName()))
                        .withHostPort(null)
                        .endPort()
                        .editMatchingPort(p -> "internal".equals(p.getName()))
                        .withHostPort(null)
                        .endPort()
                        .endContainer()
                        .editMatchingVolume(v -> "state".equals(v.getName()))
                        .withHostPath(null)
                        .withNewEmptyDir()
                        .endEmptyDir()
                        .endVolume()
                        .build();
        dryRun(restricted, confined);

        // The edge's own namespace is labelled privileged, where the whole pod is admitted.
        dryRun(namespace("privileged"), edge);
    }

    @Test
    void theChartAllowsCacheDevicesOnlyUnderItsCacheRoots() {
        KubeApiServerHarness.operatorClient();
        String namespace = KubeApiServerHarness.namespace("cache-roots");
        // /opt/rend is a dedicated directory as far as the CRD goes, but not a chart cache root.
        RendEdgeNode outside =
                Fixtures.edgeNode(namespace, "outside", "fra", "203.0.113.9", "/opt/rend");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThatThrownBy(() -> client.resource(outside).create())
                                        .isInstanceOf(KubernetesClientException.class)
                                        .hasMessageContaining("edge.cacheRoots")
                                        .hasMessageContaining("/mnt, /srv, /data, /var/lib/rend"));
        for (String path : List.of("/mnt/nvme0/rend", "/var/lib/rend", "/data/edge/cache")) {
            RendEdgeNode inside =
                    Fixtures.edgeNode(
                            namespace,
                            "inside-" + UUID.randomUUID().toString().substring(0, 6),
                            "fra",
                            "203.0.113.9",
                            path);
            assertThat(client.resource(inside).create().getSpec().cacheDevices.get(0).path)
                    .isEqualTo(path);
        }
        // A root is a directory, not a prefix of a name.
        RendEdgeNode lookalike =
                Fixtures.edgeNode(namespace, "lookalike", "fra", "203.0.113.9", "/mnt2/rend");
        assertThatThrownBy(() -> client.resource(lookalike).create())
                .hasMessageContaining("edge.cacheRoots");
    }

    private static PodSpec edgePod() {
        RendRegion region = Fixtures.region("edge", "fra", "ghcr.io/rend/edge:1");
        // With TLS on, so the certificate Secret's volume and mount are admitted too.
        region.getSpec().edge.tls = new EdgeTls("edge-fra-tls");
        List<RendEdgeNode> nodes =
                List.of(
                        Fixtures.edgeNode(
                                "edge", "metal-a", "fra", "203.0.113.1", "/mnt/nvme0/rend"));
        return RegionEdges.fromCrd(region, nodes)
                .generateDaemonSet(CacheLayout.of(nodes.get(0)), List.of("metal-a"))
                .getSpec()
                .getTemplate()
                .getSpec();
    }

    private static final Pattern FORBIDDEN =
            Pattern.compile("violates PodSecurity \"restricted:latest\": (.*)$");

    /** The checks Pod Security names when it refuses the pod (they are listed ", "-separated). */
    private static List<String> violations(String namespace, PodSpec spec) {
        KubernetesClientException refused = null;
        try {
            dryRun(namespace, spec);
        } catch (KubernetesClientException e) {
            refused = e;
        }
        assertThat(refused)
                .as("Pod Security refuses the edge in a restricted namespace")
                .isNotNull();
        assertThat(refused.getCode()).isEqualTo(403);
        Matcher matcher = FORBIDDEN.matcher(refused.getStatus().getMessage());
        assertThat(matcher.find()).as(refused.getStatus().getMessage()).isTrue();
        return Pattern.compile(", (?=[a-zA-Z][^,(]* \\()")
                .splitAsStream(matcher.group(1))
                .collect(Collectors.toList());
    }

    private static Pod dryRun(String namespace, PodSpec spec) {
        Pod pod =
                new PodBuilder()
                        .withNewMetadata()
                        .withName("probe-" + UUID.randomUUID().toString().substring(0, 8))
                        .withNamespace(namespace)
                        .endMetadata()
                        .withSpec(spec)
                        .build();
        return client.pods().inNamespace(namespace).resource(pod).dryRun().create();
    }

    /** A namespace enforcing a Pod Security level, with the default ServiceAccount pods use. */
    private static String namespace(String level) {
        String name = "pss-" + level + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .addToLabels("pod-security.kubernetes.io/enforce", level)
                                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                                .endMetadata()
                                .build())
                .create();
        client.serviceAccounts()
                .inNamespace(name)
                .resource(
                        new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName("default")
                                .endMetadata()
                                .build())
                .create();
        return name;
    }
}
