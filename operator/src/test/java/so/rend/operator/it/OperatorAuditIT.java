package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.HomeRegionApi;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RolloutPolicy;
import so.rend.operator.customresource.ScalerKind;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.ResourceNames;

/**
 * What the operator asks the real kube-apiserver in steady state, from the API server's own audit
 * log: a region with edges and an API, and an encoding pool, reconciled again and again (a touch of
 * an owned object wakes each reconciler) for a minute. Every workload, Service and budget is read
 * from the operator's watches, so the log shows no GET, LIST or PUT of them; Secrets are only read
 * by name.
 */
class OperatorAuditIT {
    private static final Duration STEADY = Duration.ofSeconds(60);
    private static final Set<String> WORKLOADS =
            Set.of(
                    "pods",
                    "daemonsets",
                    "deployments",
                    "replicasets",
                    "services",
                    "poddisruptionbudgets");

    private final KubernetesClient client = KubeApiServerHarness.client();
    private String namespace;
    private List<String> nodes;
    private WarmRecorder warm;
    private FakeKubelet kubelet;
    private OperatorUnderTest operator;

    @BeforeEach
    void cluster() throws IOException {
        namespace = KubeApiServerHarness.namespace("audit");
        nodes = List.of(namespace + "-a", namespace + "-b");
        for (int i = 0; i < nodes.size(); i++) {
            FakeKubelet.registerNode(client, nodes.get(i), address(i));
        }
        KubeApiServerHarness.createSecrets(
                client,
                namespace,
                Map.of(
                        "rend-internal-token", Map.of("token", "t"),
                        "rend-playback-signing", Map.of("key-id", "k1", "secret", "s"),
                        "rend-database", Map.of("url", "postgresql://rend:pw@db.test:5432/rend")));
        warm = new WarmRecorder();
        kubelet = new FakeKubelet(client, namespace);
        kubelet.release(nodes.toArray(String[]::new));
        operator =
                new OperatorUnderTest(KubeApiServerHarness.operatorClient(), namespace, url -> 0L);
    }

    @AfterEach
    void stop() {
        operator.close();
        kubelet.close();
        warm.close();
    }

    @Test
    void inSteadyStateTheOperatorReadsNoWorkloadFromTheApiServerOutsideItsWatches()
            throws Exception {
        createRegion("ams");
        createPool("encoders");
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> {
                            RendRegion region = region("ams");
                            RendEncodingPool pool = pool("encoders");
                            return Conditions.isTrue(
                                            region.getStatus().conditions, Conditions.READY)
                                    && region.getStatus().apiReadyReplicas != null
                                    && pool.getStatus() != null
                                    && pool.getStatus().replicas == 1;
                        });

        long from = Files.size(KubeApiServerHarness.auditLog());
        Instant start = Instant.now();
        int touches = 0;
        while (Duration.between(start, Instant.now()).compareTo(STEADY) < 0) {
            // A label: the object's generation stays (an annotation would bump a Deployment's,
            // which the operator's writer rightly takes for a hand edit to undo), so the writer
            // leaves it alone, but the watch event reconciles the owner.
            touch(
                    "apps/v1",
                    "DaemonSet",
                    KubeApiServerHarness.edgeDaemonSet(client, namespace, "ams")
                            .getMetadata()
                            .getName(),
                    touches);
            touch("apps/v1", "Deployment", ResourceNames.workerDeployment("encoders"), touches);
            touches++;
            Thread.sleep(4_000);
        }
        Thread.sleep(2_000); // the last reconciles' requests reach the log
        List<JsonNode> requests = operatorRequests(from);

        // For the record: what the operator did ask during the minute, by verb and resource.
        System.out.println(
                "operator requests in "
                        + STEADY.toSeconds()
                        + " s of steady state with "
                        + touches
                        + " touches of each owner: "
                        + summary(requests));
        assertThat(touches).isGreaterThanOrEqualTo(10);
        assertThat(count(requests, "patch", "rendregions", "status"))
                .as("region reconciles (status patches) during the minute")
                .isGreaterThanOrEqualTo(10);
        assertThat(count(requests, "patch", "rendencodingpools", "status"))
                .as("pool reconciles (status patches) during the minute")
                .isGreaterThanOrEqualTo(10);
        assertThat(
                        requests.stream()
                                .filter(
                                        r ->
                                                WORKLOADS.contains(
                                                        r.at("/objectRef/resource").asText()))
                                .filter(r -> !"watch".equals(r.path("verb").asText()))
                                .map(OperatorAuditIT::describe)
                                .toList())
                .as("requests for workloads outside the operator's watches")
                .isEmpty();
        assertThat(
                        requests.stream()
                                .filter(r -> "secrets".equals(r.at("/objectRef/resource").asText()))
                                .filter(r -> !"get".equals(r.path("verb").asText()))
                                .map(OperatorAuditIT::describe)
                                .toList())
                .as("Secrets are read by name only")
                .isEmpty();
    }

    /** The operator's requests (impersonated as its ServiceAccount) in this test's namespace. */
    private List<JsonNode> operatorRequests(long from) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> requests = new ArrayList<>();
        try (RandomAccessFile log =
                new RandomAccessFile(KubeApiServerHarness.auditLog().toFile(), "r")) {
            log.seek(from);
            byte[] rest = new byte[(int) (log.length() - from)];
            log.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event = json.readTree(line);
                if (KubeApiServerHarness.OPERATOR_USER.equals(
                                event.at("/impersonatedUser/username").asText())
                        && namespace.equals(event.at("/objectRef/namespace").asText())) {
                    requests.add(event);
                }
            }
        }
        return requests;
    }

    private static long count(
            List<JsonNode> requests, String verb, String resource, String subresource) {
        return requests.stream()
                .filter(r -> verb.equals(r.path("verb").asText()))
                .filter(r -> resource.equals(r.at("/objectRef/resource").asText()))
                .filter(r -> subresource.equals(r.at("/objectRef/subresource").asText()))
                .count();
    }

    private static Map<String, Long> summary(List<JsonNode> requests) {
        return requests.stream()
                .collect(
                        Collectors.groupingBy(
                                r ->
                                        r.path("verb").asText()
                                                + " "
                                                + r.at("/objectRef/resource").asText()
                                                + subresource(r),
                                TreeMap::new,
                                Collectors.counting()));
    }

    private static String subresource(JsonNode request) {
        JsonNode sub = request.at("/objectRef/subresource");
        return sub.isMissingNode() ? "" : "/" + sub.asText();
    }

    private static String describe(JsonNode request) {
        return request.path("verb").asText() + " " + request.path("requestURI").asText();
    }

    private void touch(String apiVersion, String kind, String name, int n) {
        client.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"test.rend.so/touch\":\"" + n + "\"}}}");
    }

    private void createRegion(String name) {
        RendRegion region = Fixtures.region(namespace, name, "ghcr.io/rend/edge:1");
        region.getMetadata().setUid(null);
        region.getMetadata().setGeneration(null);
        region.getSpec().edge.port = warm.port();
        region.getSpec().edge.internalPort = warm.internalPort();
        region.getSpec().dns.ttlSeconds = 1;
        region.getSpec().rollout = new RolloutPolicy(1, true);
        region.getSpec().api = new HomeRegionApi();
        region.getSpec().api.image = "ghcr.io/rend/api:1";
        for (int i = 0; i < nodes.size(); i++) {
            RendEdgeNode edge =
                    Fixtures.edgeNode(namespace, nodes.get(i), name, address(i), "/mnt/rend");
            edge.getMetadata().setGeneration(null);
            client.resource(edge).create();
        }
        client.resource(region).create();
    }

    private void createPool(String name) {
        PoolScaling scaling = new PoolScaling(1, 10, 4, 300);
        scaling.scaler = ScalerKind.BuiltIn;
        RendEncodingPool pool = Fixtures.pool(namespace, name, scaling);
        pool.getMetadata().setUid(null);
        pool.getMetadata().setGeneration(null);
        client.resource(pool).create();
    }

    /** The nodes' addresses: distinct, on loopback where {@link WarmRecorder} listens. */
    private static String address(int node) {
        return "127.0.0." + (51 + node);
    }

    private RendRegion region(String name) {
        return client.resources(RendRegion.class).inNamespace(namespace).withName(name).get();
    }

    private RendEncodingPool pool(String name) {
        return client.resources(RendEncodingPool.class).inNamespace(namespace).withName(name).get();
    }
}
