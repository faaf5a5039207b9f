package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendEdgeNodeStatus;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.ResourceNames;

/**
 * RendEdgeNode status from a real Rend: the embedded mode ({@code rend-dev.jar}: rend-api,
 * rend-edge and the worker on embedded PostgreSQL and S3Proxy) runs as its own process; its edge
 * registers with its API as {@code edge-embedded}. The operator, on a real kube-apiserver, asks
 * that API whether each RendEdgeNode's edge is registered and reads the edge's cache usage from its
 * {@code /readyz}.
 */
class EdgeRegistrationIT {
    /** rend-dev's fixed edge id (its node name here) and internal token. */
    private static final String EMBEDDED_EDGE = "edge-embedded";

    private static final String EMBEDDED_INTERNAL_TOKEN = "dev-internal-token";

    private static Process rend;
    private static Path dataDir;
    private static int apiPort;
    private static int edgePort;
    private static int apiInternalPort;
    private static int edgeInternalPort;

    private final KubernetesClient client = KubeApiServerHarness.client();

    @BeforeAll
    static void startRend() throws Exception {
        KubeApiServerHarness.client();
        Path jar = Path.of(System.getProperty("rend.dev.jar", "../dev/target/rend-dev.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "this test runs the embedded Rend from "
                            + jar.toAbsolutePath()
                            + ", which is missing: build it with ./mvnw -pl dev -am package -DskipTests (./mvnw verify at the root does)");
        }
        dataDir = Files.createTempDirectory("rend-operator-registration");
        apiPort = freePort();
        apiInternalPort = freePort();
        edgePort = freePort();
        edgeInternalPort = freePort();
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx768m",
                                "-jar",
                                jar.toAbsolutePath().toString())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                Path.of("target", "rend-dev-for-registration-it.log").toFile());
        builder.environment()
                .putAll(
                        Map.of(
                                "REND_DATA_DIR",
                                dataDir.toString(),
                                "REND_API_PORT",
                                String.valueOf(apiPort),
                                "REND_API_INTERNAL_PORT",
                                String.valueOf(apiInternalPort),
                                "REND_EDGE_PORT",
                                String.valueOf(edgePort),
                                "REND_EDGE_INTERNAL_PORT",
                                String.valueOf(edgeInternalPort),
                                "REND_WORKER_PORT",
                                "0",
                                "REND_EMBEDDED_POSTGRES_PORT",
                                "0",
                                "REND_EMBEDDED_S3_PORT",
                                "0"));
        rend = builder.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            if (!rend.isAlive()) {
                                throw new IllegalStateException(
                                        "rend-dev exited with "
                                                + rend.exitValue()
                                                + "; see target/rend-dev-for-registration-it.log");
                            }
                            try {
                                return http.send(
                                                        HttpRequest.newBuilder(
                                                                        URI.create(
                                                                                "http://127.0.0.1:"
                                                                                        + apiInternalPort
                                                                                        + "/internal/edges/"
                                                                                        + EMBEDDED_EDGE))
                                                                .header(
                                                                        "x-rend-internal-token",
                                                                        EMBEDDED_INTERNAL_TOKEN)
                                                                .build(),
                                                        HttpResponse.BodyHandlers.discarding())
                                                .statusCode()
                                        == 200;
                            } catch (IOException e) {
                                return false;
                            }
                        });
    }

    @AfterAll
    static void stopRend() throws Exception {
        if (rend != null) {
            rend.destroy();
            if (!rend.waitFor(30, TimeUnit.SECONDS)) {
                rend.destroyForcibly();
            }
        }
        if (dataDir != null) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final String UNREGISTERED_ADDRESS = "203.0.113.50";

    /** The distinct targets of the region's DNSEndpoint records, sorted. */
    @SuppressWarnings("unchecked")
    private List<String> dnsTargets(String namespace) {
        GenericKubernetesResource endpoint =
                client.genericKubernetesResources(
                                ResourceNames.DNS_ENDPOINT_API_VERSION,
                                ResourceNames.DNS_ENDPOINT_KIND)
                        .inNamespace(namespace)
                        .withName(ResourceNames.dnsEndpoint("local"))
                        .get();
        if (endpoint == null
                || !(endpoint.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) {
            return List.of();
        }
        return ((List<Map<String, Object>>) spec.get("endpoints"))
                .stream()
                        .flatMap(e -> ((List<String>) e.get("targets")).stream())
                        .distinct()
                        .sorted()
                        .toList();
    }

    @Test
    void anEdgeNodeIsReadyOnlyOnceItsEdgeIsRegisteredWithTheControlPlane() {
        String namespace = KubeApiServerHarness.namespace("registration");
        String unregistered = namespace + "-never-registers";
        for (String node : List.of(EMBEDDED_EDGE, unregistered)) {
            FakeKubelet.registerNode(client, node, "127.0.0.1");
        }
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-internal-token")
                                .endMetadata()
                                .addToStringData("token", EMBEDDED_INTERNAL_TOKEN)
                                .build())
                .create();
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-playback-signing")
                                .endMetadata()
                                .addToStringData("key-id", "dev-key")
                                .addToStringData("secret", "dev-playback-signing-secret")
                                .build())
                .create();
        RendRegion region = Fixtures.region(namespace, "local", "ghcr.io/rend/edge:1");
        region.getMetadata().setUid(null);
        region.getMetadata().setGeneration(null);
        region.getSpec().edge.port = edgePort;
        region.getSpec().edge.internalPort = edgeInternalPort;
        region.getSpec().edge.controlPlaneUrl = "http://127.0.0.1:" + apiInternalPort;
        client.resource(region).create();
        // Each node's public address is its own, so the GeoDNS records tell them apart.
        Map<String, String> publicAddress =
                Map.of(EMBEDDED_EDGE, "127.0.0.1", unregistered, UNREGISTERED_ADDRESS);
        for (String node : List.of(EMBEDDED_EDGE, unregistered)) {
            RendEdgeNode edge =
                    Fixtures.edgeNode(
                            namespace, node, "local", publicAddress.get(node), "/mnt/nvme0/rend");
            edge.getMetadata().setGeneration(null);
            client.resource(edge).create();
        }

        // Both nodes have the address 127.0.0.1, where the embedded edge listens, so both
        // host-network pods do; only one id has registered.
        try (FakeKubelet kubelet = new FakeKubelet(client, namespace);
                OperatorUnderTest operator =
                        OperatorUnderTest.withoutQueue(
                                KubeApiServerHarness.operatorClient(), namespace)) {
            kubelet.release(EMBEDDED_EDGE, unregistered);

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                RendEdgeNodeStatus status =
                                        edgeNode(namespace, EMBEDDED_EDGE).getStatus();
                                assertThat(status).isNotNull();
                                assertThat(status.edgePodReady).isTrue();
                                assertThat(status.registered).isTrue();
                                assertThat(Instant.parse(status.lastHeartbeatAt))
                                        .isAfter(Instant.now().minusSeconds(60));
                                assertThat(status.cacheReportedAt).isNotNull();
                                assertThat(status.cacheDiskBytes).isNotNull().isNotNegative();
                                assertThat(Conditions.isTrue(status.conditions, Conditions.READY))
                                        .isTrue();
                                assertThat(
                                                Conditions.isTrue(
                                                        status.conditions, Conditions.PROGRESSING))
                                        .isFalse();
                            });
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                RendEdgeNodeStatus status =
                                        edgeNode(namespace, unregistered).getStatus();
                                assertThat(status).isNotNull();
                                assertThat(status.edgePodReady).isTrue();
                                assertThat(status.registered).isFalse();
                                assertThat(status.lastHeartbeatAt).isNull();
                                assertThat(Conditions.isTrue(status.conditions, Conditions.READY))
                                        .isFalse();
                                assertThat(
                                                Conditions.isTrue(
                                                        status.conditions, Conditions.PROGRESSING))
                                        .isTrue();
                                assertThat(status.conditions)
                                        .anySatisfy(
                                                c -> {
                                                    assertThat(c.getType())
                                                            .isEqualTo(Conditions.READY);
                                                    assertThat(c.getReason())
                                                            .isEqualTo("NotRegistered");
                                                });
                            });

            // DNS sends viewers only to the registered edge: the other gets no purge or
            // revocation, so its ready pod is not enough.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> dnsTargets(namespace).equals(List.of("127.0.0.1")));
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !dnsTargets(namespace).contains(UNREGISTERED_ADDRESS));

            // A token the control plane refuses: registration is unknown, not "false". The last
            // answer stands (so readiness does not flap with the control plane) and the condition
            // says why it is stale.
            client.secrets()
                    .inNamespace(namespace)
                    .withName("rend-internal-token")
                    .edit(
                            s ->
                                    new SecretBuilder(s)
                                            .withData(null)
                                            .withStringData(Map.of("token", "not-the-token"))
                                            .build());
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                RendEdgeNodeStatus status =
                                        edgeNode(namespace, EMBEDDED_EDGE).getStatus();
                                assertThat(status.registered).isTrue();
                                assertThat(status.lastHeartbeatAt)
                                        .as("the last heartbeat seen is kept")
                                        .isNotNull();
                                assertThat(status.conditions)
                                        .anySatisfy(
                                                c -> {
                                                    assertThat(c.getType())
                                                            .isEqualTo(Conditions.READY);
                                                    assertThat(c.getStatus()).isEqualTo("True");
                                                    assertThat(c.getMessage())
                                                            .contains(
                                                                    "registration unknown (control plane answered HTTP 401)")
                                                            .contains("last known: registered")
                                                            .doesNotContain("not-the-token");
                                                });
                            });
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                RendEdgeNodeStatus status =
                                        edgeNode(namespace, unregistered).getStatus();
                                assertThat(status.registered).isFalse();
                                assertThat(Conditions.isTrue(status.conditions, Conditions.READY))
                                        .as("still not ready")
                                        .isFalse();
                                assertThat(status.conditions)
                                        .anySatisfy(
                                                c ->
                                                        assertThat(c.getMessage())
                                                                .contains(
                                                                        "last known: not registered"));
                            });
        } finally {
            client.nodes().withName(EMBEDDED_EDGE).delete();
            client.nodes().withName(unregistered).delete();
        }
    }

    private RendEdgeNode edgeNode(String namespace, String name) {
        return client.resources(RendEdgeNode.class).inNamespace(namespace).withName(name).get();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
