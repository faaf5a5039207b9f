package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RolloutPolicy;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.ResourceNames;

/**
 * A region's edge DaemonSet in the hands of the real DaemonSet controller and kube-scheduler (from
 * rend-test-controllers and kube-scheduler beside the API server), with {@link FakeKubelet} as
 * kubelet: what the operator's OnDelete rollout relies on them to do.
 */
class EdgeDaemonSetOnRealControllersIT {
    private final KubernetesClient client = KubeApiServerHarness.client();
    private String namespace;
    private List<String> pinned;
    private String unpinned;
    private WarmRecorder warm;
    private FakeKubelet kubelet;
    private OperatorUnderTest operator;

    @BeforeEach
    void cluster() throws IOException {
        namespace = KubeApiServerHarness.namespace("ds");
        pinned = List.of(namespace + "-a", namespace + "-b");
        unpinned = namespace + "-c";
        for (int i = 0; i < pinned.size(); i++) {
            FakeKubelet.registerNode(client, pinned.get(i), address(i));
        }
        FakeKubelet.registerNode(client, unpinned, "127.0.0.49");
        KubeApiServerHarness.createSecrets(
                client,
                namespace,
                Map.of(
                        "rend-internal-token", Map.of("token", "t"),
                        "rend-playback-signing", Map.of("key-id", "k1", "secret", "s")));
        warm = new WarmRecorder();
        kubelet = new FakeKubelet(client, namespace);
        kubelet.release(pinned.get(0), pinned.get(1), unpinned);
        operator = OperatorUnderTest.withoutQueue(KubeApiServerHarness.operatorClient(), namespace);
    }

    @AfterEach
    void stop() {
        operator.close();
        kubelet.close();
        warm.close();
    }

    @Test
    void keepsOnePodPerPinnedNodeAndRecreatesADeletedOutdatedPodFromTheNewTemplate() {
        createRegion("cph");
        DaemonSet ds =
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> daemonSet("cph"), d -> d != null);
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");

        // Every non-terminating pod the controller ever keeps, per node, from a watch.
        Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();
        Map<String, Integer> mostPodsOnANode = new ConcurrentHashMap<>();
        try (Watch watch = watchPods(podsByNode, mostPodsOnANode)) {
            Map<String, Pod> before = awaitOnePodPerPinnedNode("ghcr.io/rend/edge:1");
            for (Pod pod : before.values()) {
                // Created unbound, with the DaemonSet controller's affinity for one node, and
                // bound by the scheduler.
                assertThat(pod.getMetadata().getOwnerReferences())
                        .singleElement()
                        .satisfies(
                                o -> {
                                    assertThat(o.getKind()).isEqualTo("DaemonSet");
                                    assertThat(o.getUid()).isEqualTo(ds.getMetadata().getUid());
                                });
                assertThat(pod.getStatus().getConditions())
                        .anySatisfy(
                                c -> {
                                    assertThat(c.getType()).isEqualTo("PodScheduled");
                                    assertThat(c.getStatus()).isEqualTo("True");
                                });
            }
            awaitDaemonSetStatus("cph", 2);

            // A merge patch carries no resource version, so the operator's status writes in the
            // meantime cannot make it conflict (edit() did, once, with 409).
            client.resources(RendRegion.class)
                    .inNamespace(namespace)
                    .withName("cph")
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"edge\":{\"image\":\"ghcr.io/rend/edge:2\"}}}");
            // The operator deletes each outdated pod in turn; the controller makes its successor
            // from the new template on the same node.
            Map<String, Pod> after = awaitOnePodPerPinnedNode("ghcr.io/rend/edge:2");
            for (String node : pinned) {
                Pod old = before.get(node);
                Pod replacement = after.get(node);
                assertThat(replacement.getMetadata().getUid())
                        .isNotEqualTo(old.getMetadata().getUid());
                assertThat(replacement.getMetadata().getLabels().get("controller-revision-hash"))
                        .isNotEqualTo(
                                old.getMetadata().getLabels().get("controller-revision-hash"));
            }
            awaitDaemonSetStatus("cph", 2);
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    region("cph").getStatus().updatedNodes == 2
                                            && Conditions.isTrue(
                                                    region("cph").getStatus().conditions,
                                                    Conditions.READY));
        }
        assertThat(podsByNode).doesNotContainKey(unpinned);
        assertThat(mostPodsOnANode)
                .containsOnlyKeys(pinned.toArray(String[]::new))
                .allSatisfy((n, most) -> assertThat(most).as("pods at once on %s", n).isEqualTo(1));
    }

    private void createRegion(String name) {
        RendRegion region = Fixtures.region(namespace, name, "ghcr.io/rend/edge:1");
        region.getMetadata().setUid(null);
        region.getMetadata().setGeneration(null);
        region.getSpec().edge.port = warm.port();
        region.getSpec().edge.internalPort = warm.internalPort();
        region.getSpec().dns.ttlSeconds = 1;
        region.getSpec().rollout = new RolloutPolicy(1, true);
        for (int i = 0; i < pinned.size(); i++) {
            RendEdgeNode edge =
                    Fixtures.edgeNode(namespace, pinned.get(i), name, address(i), "/mnt/rend");
            edge.getMetadata().setGeneration(null);
            client.resource(edge).create();
        }
        client.resource(region).create();
    }

    /** The pinned nodes' addresses: distinct, on loopback where {@link WarmRecorder} listens. */
    private static String address(int node) {
        return "127.0.0." + (41 + node);
    }

    /** Waits until each pinned node has exactly one ready pod of this image and no other pod. */
    private Map<String, Pod> awaitOnePodPerPinnedNode(String image) {
        return await()
                .atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                client.pods().inNamespace(namespace).list().getItems().stream()
                                        .collect(
                                                Collectors.groupingBy(
                                                        p ->
                                                                String.valueOf(
                                                                        p.getSpec().getNodeName()),
                                                        TreeMap::new,
                                                        Collectors.toList())),
                        byNode ->
                                byNode.keySet().equals(Set.copyOf(pinned))
                                        && byNode.values().stream()
                                                .allMatch(
                                                        pods ->
                                                                pods.size() == 1
                                                                        && FakeKubelet.isReady(
                                                                                pods.get(0))
                                                                        && image.equals(
                                                                                pods.get(0)
                                                                                        .getSpec()
                                                                                        .getContainers()
                                                                                        .get(0)
                                                                                        .getImage())))
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    /** The DaemonSet controller's own count of scheduled, up-to-date and ready pods. */
    private void awaitDaemonSetStatus(String region, int nodes) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            DaemonSet ds = daemonSet(region);
                            assertThat(ds.getStatus().getObservedGeneration())
                                    .isEqualTo(ds.getMetadata().getGeneration());
                            assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(nodes);
                            assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(nodes);
                            assertThat(ds.getStatus().getNumberReady()).isEqualTo(nodes);
                            assertThat(ds.getStatus().getNumberMisscheduled()).isZero();
                        });
    }

    private Watch watchPods(Map<String, Set<String>> podsByNode, Map<String, Integer> most) {
        return client.pods()
                .inNamespace(namespace)
                .watch(
                        new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, Pod pod) {
                                String node = pod.getSpec().getNodeName();
                                if (node == null) {
                                    return;
                                }
                                Set<String> pods =
                                        podsByNode.computeIfAbsent(
                                                node, n -> ConcurrentHashMap.newKeySet());
                                if (action == Action.DELETED
                                        || pod.getMetadata().getDeletionTimestamp() != null) {
                                    pods.remove(pod.getMetadata().getName());
                                } else {
                                    pods.add(pod.getMetadata().getName());
                                }
                                most.merge(node, pods.size(), Math::max);
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        });
    }

    private DaemonSet daemonSet(String region) {
        return client.apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName(ResourceNames.edgeDaemonSet(region))
                .get();
    }

    private RendRegion region(String name) {
        return client.resources(RendRegion.class).inNamespace(namespace).withName(name).get();
    }
}
