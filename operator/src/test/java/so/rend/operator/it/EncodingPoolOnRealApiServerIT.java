package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.ScalerKind;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.QueueScaling;
import so.rend.operator.model.ResourceNames;

/**
 * RendEncodingPool on a real kube-apiserver: the built-in scaler against a queue depth the test
 * sets, then KEDA's CRD installed and a ScaledObject produced instead. The workers' Deployment gets
 * its ReplicaSet and pods from the real Deployment and ReplicaSet controllers, kube-scheduler
 * places them on a node and {@link FakeKubelet} runs them. The KEDA case runs last: the CRD it
 * installs stays for the rest of the API server's life.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncodingPoolOnRealApiServerIT {
    private static final KubernetesClient client = KubeApiServerHarness.client();
    private static final AtomicLong depth = new AtomicLong();
    private static final AtomicReference<String> urlSeen = new AtomicReference<>();
    private static OperatorUnderTest operator;
    private static FakeKubelet kubelet;
    private static String namespace;

    @BeforeAll
    static void operator() {
        namespace = KubeApiServerHarness.namespace("pool");
        FakeKubelet.registerNode(client, namespace + "-worker", "127.0.0.31");
        kubelet = new FakeKubelet(client, namespace);
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-database")
                                .endMetadata()
                                .addToStringData("url", "postgresql://rend:pw@db.test:5432/rend")
                                .build())
                .create();
        operator =
                new OperatorUnderTest(
                        KubeApiServerHarness.operatorClient(),
                        namespace,
                        url -> {
                            urlSeen.set(url);
                            return depth.get();
                        });
    }

    @AfterAll
    static void stop() {
        operator.close();
        kubelet.close();
    }

    private static Deployment workers(String pool) {
        return client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(ResourceNames.workerDeployment(pool))
                .get();
    }

    private static Integer replicas(String pool) {
        Deployment d = workers(pool);
        return d == null ? null : d.getSpec().getReplicas();
    }

    private static RendEncodingPool pool(String name) {
        return client.resources(RendEncodingPool.class).inNamespace(namespace).withName(name).get();
    }

    /** The pool's worker pods that are not being deleted. */
    private static List<Pod> workerPods(String pool) {
        return client
                .pods()
                .inNamespace(namespace)
                .withLabels(workers(pool).getSpec().getSelector().getMatchLabels())
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    @Test
    @Order(1)
    void builtInScalerFollowsQueueDepthAndWaitsForTheStabilizationWindowToScaleDown() {
        PoolScaling scaling = new PoolScaling(1, 10, 4, 4);
        scaling.scaler = ScalerKind.BuiltIn;
        scaling.pollIntervalSeconds = 1;
        RendEncodingPool pool = Fixtures.pool(namespace, "encode", scaling);
        pool.getMetadata().setUid(null);
        pool.getMetadata().setGeneration(null);
        depth.set(0);
        RendEncodingPool created = client.resource(pool).create();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Integer.valueOf(1).equals(replicas("encode")));
        assertThat(urlSeen.get()).isEqualTo("postgresql://rend:pw@db.test:5432/rend");
        assertThat(workers("encode").getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
        depth.set(7);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Integer.valueOf(2).equals(replicas("encode")));
        depth.set(100);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Integer.valueOf(10).equals(replicas("encode")));

        depth.set(0);
        long lull = System.nanoTime();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Integer.valueOf(1).equals(replicas("encode")));
        assertThat(Duration.ofNanos(System.nanoTime() - lull))
                .as("scale-down waited for the 4 s window")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2500));

        // The Deployment and ReplicaSet controllers made the worker pod, and the scheduler bound
        // it; no kubelet has started it yet, so no worker is ready.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            List<Pod> pods = workerPods("encode");
                            assertThat(pods).hasSize(1);
                            assertThat(pods.get(0).getSpec().getNodeName()).isNotNull();
                            assertThat(pods.get(0).getMetadata().getOwnerReferences())
                                    .singleElement()
                                    .satisfies(
                                            o -> assertThat(o.getKind()).isEqualTo("ReplicaSet"));
                            assertThat(pool("encode").getStatus().conditions)
                                    .anySatisfy(
                                            c -> {
                                                assertThat(c.getType())
                                                        .isEqualTo(Conditions.PROGRESSING);
                                                assertThat(c.getMessage())
                                                        .isEqualTo("0/1 workers ready");
                                            });
                        });
        kubelet.releaseEveryNode();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            RendEncodingPool current =
                                    client.resources(RendEncodingPool.class)
                                            .inNamespace(namespace)
                                            .withName("encode")
                                            .get();
                            assertThat(current.getStatus().scaler).isEqualTo("builtin");
                            assertThat(current.getStatus().queueDepth).isZero();
                            assertThat(current.getStatus().replicas).isEqualTo(1);
                            assertThat(current.getStatus().readyReplicas).isEqualTo(1);
                            assertThat(current.getStatus().observedGeneration)
                                    .isEqualTo(current.getMetadata().getGeneration());
                            assertThat(
                                            Conditions.isTrue(
                                                    current.getStatus().conditions,
                                                    Conditions.READY))
                                    .isTrue();
                            assertThat(
                                            Conditions.isTrue(
                                                    current.getStatus().conditions,
                                                    Conditions.DEGRADED))
                                    .isFalse();
                        });

        // A spec change is observed: generation 2, new image on the Deployment.
        patchSpec("encode", "{\"spec\":{\"image\":\"ghcr.io/rend/worker:2\"}}");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            RendEncodingPool current =
                                    client.resources(RendEncodingPool.class)
                                            .inNamespace(namespace)
                                            .withName("encode")
                                            .get();
                            assertThat(current.getMetadata().getGeneration()).isEqualTo(2L);
                            assertThat(current.getStatus().observedGeneration).isEqualTo(2L);
                            assertThat(
                                            workers("encode")
                                                    .getSpec()
                                                    .getTemplate()
                                                    .getSpec()
                                                    .getContainers()
                                                    .get(0)
                                                    .getImage())
                                    .isEqualTo("ghcr.io/rend/worker:2");
                        });
    }

    @Test
    @Order(2)
    void unreadableQueueIsReportedAsDegradedAndKeepsTheReplicas() {
        PoolScaling scaling = new PoolScaling(2, 10, 4, 60);
        scaling.scaler = ScalerKind.BuiltIn;
        scaling.pollIntervalSeconds = 1;
        RendEncodingPool pool = Fixtures.pool(namespace, "no-secret", scaling);
        pool.getMetadata().setUid(null);
        pool.getMetadata().setGeneration(null);
        pool.getSpec().databaseSecretName = "missing";
        client.resource(pool).create();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            RendEncodingPool current =
                                    client.resources(RendEncodingPool.class)
                                            .inNamespace(namespace)
                                            .withName("no-secret")
                                            .get();
                            assertThat(current.getStatus()).isNotNull();
                            assertThat(current.getStatus().conditions)
                                    .anySatisfy(
                                            c -> {
                                                assertThat(c.getType())
                                                        .isEqualTo(Conditions.DEGRADED);
                                                assertThat(c.getStatus()).isEqualTo("True");
                                                assertThat(c.getReason())
                                                        .isEqualTo("QueueDepthUnavailable");
                                            });
                        });
        assertThat(replicas("no-secret")).isEqualTo(2);
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void withKedaInstalledAScaledObjectOnTheCoalescedQueueQueryIsProduced() {
        KubeApiServerHarness.applyTestCrd("scaledobjects.keda.sh.yaml");
        RendEncodingPool pool = Fixtures.pool(namespace, "keda", new PoolScaling(1, 10, 4, 300));
        pool.getMetadata().setUid(null);
        pool.getMetadata().setGeneration(null);
        client.resource(pool).create();

        GenericKubernetesResource scaled =
                await().atMost(Duration.ofSeconds(20))
                        .until(
                                () ->
                                        client.genericKubernetesResources(
                                                        ResourceNames.SCALED_OBJECT_API_VERSION,
                                                        ResourceNames.SCALED_OBJECT_KIND)
                                                .inNamespace(namespace)
                                                .withName(ResourceNames.scaledObject("keda"))
                                                .get(),
                                s -> s != null);
        Map<String, Object> spec =
                (Map<String, Object>) scaled.getAdditionalProperties().get("spec");
        Map<String, Object> trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
        assertThat(trigger.get("type")).isEqualTo("postgresql");
        assertThat(((Map<String, Object>) trigger.get("metadata")).get("query"))
                .isEqualTo(QueueScaling.QUEUE_DEPTH_QUERY);
        assertThat(spec).containsEntry("minReplicaCount", 1).containsEntry("maxReplicaCount", 10);
        assertThat(replicas("keda")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                "keda"
                                        .equals(
                                                client.resources(RendEncodingPool.class)
                                                        .inNamespace(namespace)
                                                        .withName("keda")
                                                        .get()
                                                        .getStatus()
                                                        .scaler));

        // KEDA's HPA owns the replicas from here: the operator keeps what it sets.
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(ResourceNames.workerDeployment("keda"))
                .scale(6);
        patchSpec("keda", "{\"spec\":{\"image\":\"ghcr.io/rend/worker:3\"}}");
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                "ghcr.io/rend/worker:3"
                                        .equals(
                                                workers("keda")
                                                        .getSpec()
                                                        .getTemplate()
                                                        .getSpec()
                                                        .getContainers()
                                                        .get(0)
                                                        .getImage()));
        assertThat(replicas("keda")).isEqualTo(6);
    }

    @Test
    @Order(4)
    void underKedaTheOperatorsWritesNeverTouchTheReplicasAndKedaReadinessIsReported() {
        PoolScaling scaling = new PoolScaling(1, 10, 4, 300);
        scaling.pollIntervalSeconds = 1;
        createPool("hpa", scaling);
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas("hpa") != null);

        // KEDA's HPA sets the replicas through the scale subresource, as another field manager.
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(ResourceNames.workerDeployment("hpa"))
                .scale(7);
        // Ten spec changes, each a write of the Deployment by the operator.
        for (int i = 1; i <= 10; i++) {
            String image = "ghcr.io/rend/worker:hpa-" + i;
            patchSpec("hpa", "{\"spec\":{\"image\":\"" + image + "\"}}");
            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () ->
                                    image.equals(
                                            workers("hpa")
                                                    .getSpec()
                                                    .getTemplate()
                                                    .getSpec()
                                                    .getContainers()
                                                    .get(0)
                                                    .getImage()));
            assertThat(replicas("hpa")).as("replicas after write " + i).isEqualTo(7);
        }
        // The operator's applies own the template, never spec.replicas.
        assertThat(workers("hpa").getMetadata().getManagedFields())
                .filteredOn(f -> "rend-operator".equals(f.getManager()))
                .singleElement()
                .satisfies(
                        f -> {
                            String fields =
                                    String.valueOf(f.getFieldsV1().getAdditionalProperties());
                            assertThat(fields).contains("f:template").doesNotContain("f:replicas");
                        });

        // KEDA says the ScaledObject is not ready: the pool says so.
        GenericKubernetesResource scaledObject =
                client.genericKubernetesResources(
                                ResourceNames.SCALED_OBJECT_API_VERSION,
                                ResourceNames.SCALED_OBJECT_KIND)
                        .inNamespace(namespace)
                        .withName(ResourceNames.scaledObject("hpa"))
                        .get();
        scaledObject
                .getAdditionalProperties()
                .put(
                        "status",
                        Map.of(
                                "conditions",
                                List.of(
                                        Map.of(
                                                "type",
                                                "Ready",
                                                "status",
                                                "False",
                                                "reason",
                                                "ScaledObjectCheckFailed",
                                                "message",
                                                "postgresql trigger: connection refused"))));
        client.resource(scaledObject).updateStatus();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () ->
                                assertThat(pool("hpa").getStatus().conditions)
                                        .anySatisfy(
                                                c -> {
                                                    assertThat(c.getType())
                                                            .isEqualTo(Conditions.DEGRADED);
                                                    assertThat(c.getReason())
                                                            .isEqualTo("ScaledObjectNotReady");
                                                    assertThat(c.getMessage())
                                                            .contains("connection refused");
                                                }));
    }

    @Test
    @Order(5)
    void switchingToTheBuiltInScalerDeletesTheScaledObjectWithinTwoPolls() {
        PoolScaling scaling = new PoolScaling(2, 10, 4, 300);
        scaling.pollIntervalSeconds = 1;
        createPool("switch", scaling);
        var scaledObject =
                client.genericKubernetesResources(
                                ResourceNames.SCALED_OBJECT_API_VERSION,
                                ResourceNames.SCALED_OBJECT_KIND)
                        .inNamespace(namespace)
                        .withName(ResourceNames.scaledObject("switch"));
        await().atMost(Duration.ofSeconds(20)).until(() -> scaledObject.get() != null);
        depth.set(0);

        long switched = System.nanoTime();
        patchSpec("switch", "{\"spec\":{\"scaling\":{\"scaler\":\"BuiltIn\"}}}");
        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> scaledObject.get() == null);
        long tookMs = (System.nanoTime() - switched) / 1_000_000;
        System.out.println("ScaledObject gone " + tookMs + " ms after the switch to BuiltIn");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            assertThat(pool("switch").getStatus().scaler).isEqualTo("builtin");
                            assertThat(replicas("switch")).isEqualTo(2);
                        });
    }

    private static void createPool(String name, PoolScaling scaling) {
        RendEncodingPool pool = Fixtures.pool(namespace, name, scaling);
        pool.getMetadata().setUid(null);
        pool.getMetadata().setGeneration(null);
        client.resource(pool).create();
    }

    /** A merge patch: no resource version, so the operator's status writes cannot conflict. */
    private static void patchSpec(String name, String json) {
        client.resources(RendEncodingPool.class)
                .inNamespace(namespace)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }
}
