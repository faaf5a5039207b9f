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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RolloutPolicy;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.RegionEdges;
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
        // Sorts before the pinned nodes: a region once took its cache layout from its first node.
        unpinned = namespace + "-0";
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

    @Test
    void addingANodeWithAnotherCachePathChangesNoOtherNodesPod() {
        createRegion("osl");
        Map<String, Pod> before = awaitOnePodPerNode(pinned, "ghcr.io/rend/edge:1");
        awaitServing("osl", 2);
        Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();
        Map<String, Integer> mostPodsOnANode = new ConcurrentHashMap<>();
        try (Watch watch = watchPods(podsByNode, mostPodsOnANode)) {
            RendEdgeNode other =
                    Fixtures.edgeNode(namespace, unpinned, "osl", "127.0.0.49", "/srv/other");
            other.getMetadata().setGeneration(null);
            client.resource(other).create();

            List<String> all = List.of(pinned.get(0), pinned.get(1), unpinned);
            Map<String, Pod> after = awaitOnePodPerNode(all, "ghcr.io/rend/edge:1");
            awaitServing("osl", 3);
            for (String node : pinned) {
                assertThat(after.get(node).getMetadata().getUid())
                        .as("the pod on %s", node)
                        .isEqualTo(before.get(node).getMetadata().getUid());
            }
            assertThat(hostPath(after.get(unpinned))).isEqualTo("/srv/other/rend-edge");
            assertThat(hostPath(after.get(pinned.get(0)))).isEqualTo("/mnt/rend/rend-edge");
        }
        assertThat(edgeDaemonSets("osl")).hasSize(2);
        assertThat(podsByNode.get(pinned.get(0))).hasSize(1);
        assertThat(podsByNode.get(pinned.get(1))).hasSize(1);
    }

    @Test
    void aNodeWhoseCachePathChangesWaitsForApprovalThenMovesToThatLayoutsDaemonSet() {
        createRegion("trd");
        Map<String, Pod> before = awaitOnePodPerNode(pinned, "ghcr.io/rend/edge:1");
        awaitServing("trd", 2);
        String moved = pinned.get(1);
        Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();
        Map<String, Integer> mostPodsOnANode = new ConcurrentHashMap<>();
        try (Watch watch = watchPods(podsByNode, mostPodsOnANode)) {
            client.resources(RendEdgeNode.class)
                    .inNamespace(namespace)
                    .withName(moved)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"cacheDevices\":[{\"path\":\"/srv/other\",\"sizeGiB\":900}]}}");
            // A move starts the edge on an empty disk cache: it waits, and the region says why.
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    "CacheLayoutMismatch"
                                            .equals(
                                                    Conditions.trueReason(
                                                            region("trd").getStatus().conditions,
                                                            Conditions.DEGRADED)));
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(
                            () ->
                                    client.pods()
                                                    .inNamespace(namespace)
                                                    .withName(
                                                            before.get(moved)
                                                                    .getMetadata()
                                                                    .getName())
                                                    .get()
                                                    .getMetadata()
                                                    .getDeletionTimestamp()
                                            == null);
            client.resources(RendEdgeNode.class)
                    .inNamespace(namespace)
                    .withName(moved)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\""
                                    + ResourceNames.APPROVE_CACHE_PATH_ANNOTATION
                                    + "\":\"/srv/other\"}}}");
            Map<String, Pod> after =
                    awaitOnePodPerNode(
                            pinned,
                            "ghcr.io/rend/edge:1",
                            pods -> hostPath(pods.get(moved)).startsWith("/srv/other"));
            awaitServing("trd", 2);
            assertThat(after.get(pinned.get(0)).getMetadata().getUid())
                    .as("the pod on the node whose layout stayed")
                    .isEqualTo(before.get(pinned.get(0)).getMetadata().getUid());
            assertThat(after.get(moved).getMetadata().getOwnerReferences().get(0).getName())
                    .isNotEqualTo(
                            before.get(moved).getMetadata().getOwnerReferences().get(0).getName());
        }
        assertThat(mostPodsOnANode.get(moved)).as("pods at once on %s", moved).isEqualTo(1);
        assertThat(edgeDaemonSets("trd")).hasSize(2);
        assertThat(Conditions.trueReason(region("trd").getStatus().conditions, Conditions.DEGRADED))
                .isNull();
    }

    @Test
    void anUpgradeFromTheOneDaemonSetOfOldReplacesItsPodsOneAtATime() {
        RendRegion region = createRegion("svg", true);
        DaemonSet legacy = legacyDaemonSet(region);
        client.resource(legacy).create();
        Map<String, Pod> before = awaitOnePodPerNode(pinned, "ghcr.io/rend/edge:1");
        assertThat(before.values())
                .allSatisfy(
                        p ->
                                assertThat(p.getMetadata().getOwnerReferences().get(0).getName())
                                        .isEqualTo("svg-edge"));

        Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();
        Map<String, Integer> mostPodsOnANode = new ConcurrentHashMap<>();
        AtomicInteger fewestReady = new AtomicInteger(pinned.size());
        try (Watch watch = watchPods(podsByNode, mostPodsOnANode, fewestReady)) {
            client.resources(RendRegion.class)
                    .inNamespace(namespace)
                    .withName("svg")
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"annotations\":{\""
                                    + ResourceNames.PAUSE_ANNOTATION
                                    + "\":null}}}");
            Map<String, Pod> after =
                    awaitOnePodPerNode(
                            pinned,
                            "ghcr.io/rend/edge:1",
                            pods ->
                                    pods.values().stream()
                                            .noneMatch(
                                                    p ->
                                                            before.containsKey(
                                                                            p.getSpec()
                                                                                    .getNodeName())
                                                                    && before.get(
                                                                                    p.getSpec()
                                                                                            .getNodeName())
                                                                            .getMetadata()
                                                                            .getUid()
                                                                            .equals(
                                                                                    p.getMetadata()
                                                                                            .getUid())));
            awaitServing("svg", 2);
            assertThat(after.values())
                    .allSatisfy(
                            p ->
                                    assertThat(p.getMetadata().getLabels())
                                            .containsKey(ResourceNames.EDGE_CACHE_LAYOUT_LABEL));
        }
        assertThat(client.apps().daemonSets().inNamespace(namespace).withName("svg-edge").get())
                .isNull();
        assertThat(edgeDaemonSets("svg")).hasSize(1);
        assertThat(fewestReady).as("ready edge pods at the lowest point").hasValue(1);
        assertThat(mostPodsOnANode)
                .allSatisfy((n, most) -> assertThat(most).as("pods at once on %s", n).isEqualTo(1));
    }

    /**
     * The one edge DaemonSet a region had before cache layouts: named {@code <region>-edge},
     * selecting by app and region only, its pods without a layout label.
     */
    private DaemonSet legacyDaemonSet(RendRegion region) {
        RegionEdges edges =
                RegionEdges.fromCrd(
                        region,
                        client.resources(RendEdgeNode.class)
                                .inNamespace(namespace)
                                .list()
                                .getItems());
        DaemonSet ds = edges.generateDaemonSet(edges.layout(pinned.get(0)), pinned);
        ds.getMetadata().setName("svg-edge");
        ds.getMetadata().getLabels().remove(ResourceNames.EDGE_CACHE_LAYOUT_LABEL);
        ds.getMetadata().setAnnotations(null);
        ds.getSpec().getSelector().getMatchLabels().remove(ResourceNames.EDGE_CACHE_LAYOUT_LABEL);
        Map<String, String> podLabels = ds.getSpec().getTemplate().getMetadata().getLabels();
        podLabels.remove(ResourceNames.EDGE_CACHE_LAYOUT_LABEL);
        podLabels.put(ResourceNames.EDGE_TEMPLATE_HASH_LABEL, "legacy");
        ds.getMetadata().getOwnerReferences().get(0).setUid(region.getMetadata().getUid());
        return ds;
    }

    private void createRegion(String name) {
        createRegion(name, false);
    }

    /** Creates the region (paused: the operator leaves it alone) and its pinned edge nodes. */
    private RendRegion createRegion(String name, boolean paused) {
        RendRegion region = Fixtures.region(namespace, name, "ghcr.io/rend/edge:1");
        if (paused) {
            region.getMetadata().setAnnotations(Map.of(ResourceNames.PAUSE_ANNOTATION, "true"));
        }
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
        return client.resource(region).create();
    }

    /** The pinned nodes' addresses: distinct, on loopback where {@link WarmRecorder} listens. */
    private static String address(int node) {
        return "127.0.0." + (41 + node);
    }

    /** Waits until each pinned node has exactly one ready pod of this image and no other pod. */
    private Map<String, Pod> awaitOnePodPerPinnedNode(String image) {
        return awaitOnePodPerNode(pinned, image);
    }

    /** Waits until each of {@code nodes} has exactly one ready pod of this image, others none. */
    private Map<String, Pod> awaitOnePodPerNode(List<String> nodes, String image) {
        return awaitOnePodPerNode(nodes, image, pods -> true);
    }

    /** As above, until {@code also} holds of the pods by node. */
    private Map<String, Pod> awaitOnePodPerNode(
            List<String> nodes, String image, Predicate<Map<String, Pod>> also) {
        return await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> {
                            Map<String, List<Pod>> byNode =
                                    client.pods().inNamespace(namespace).list().getItems().stream()
                                            .collect(
                                                    Collectors.groupingBy(
                                                            p ->
                                                                    String.valueOf(
                                                                            p.getSpec()
                                                                                    .getNodeName()),
                                                            TreeMap::new,
                                                            Collectors.toList()));
                            boolean one =
                                    byNode.keySet().equals(Set.copyOf(nodes))
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
                                                                                            .getImage()));
                            return one
                                    ? byNode.entrySet().stream()
                                            .collect(
                                                    Collectors.toMap(
                                                            Map.Entry::getKey,
                                                            e -> e.getValue().get(0)))
                                    : null;
                        },
                        pods -> pods != null && also.test(pods));
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
        return watchPods(podsByNode, most, new AtomicInteger());
    }

    /**
     * Also keeps the fewest ready, not terminating pods the namespace had at any moment once all
     * pinned nodes had one.
     */
    private Watch watchPods(
            Map<String, Set<String>> podsByNode,
            Map<String, Integer> most,
            AtomicInteger fewestLive) {
        Set<String> ready = ConcurrentHashMap.newKeySet();
        AtomicBoolean counting = new AtomicBoolean();
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
                                if (action != Action.DELETED
                                        && pod.getMetadata().getDeletionTimestamp() == null
                                        && FakeKubelet.isReady(pod)) {
                                    ready.add(pod.getMetadata().getName());
                                } else {
                                    ready.remove(pod.getMetadata().getName());
                                }
                                if (ready.size() >= pinned.size()) {
                                    counting.set(true);
                                }
                                if (counting.get()) {
                                    fewestLive.accumulateAndGet(ready.size(), Math::min);
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        });
    }

    private void awaitServing(String region, int nodes) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> region(region).getStatus(),
                        st ->
                                st != null
                                        && st.updatedNodes != null
                                        && st.updatedNodes == nodes
                                        && Conditions.isTrue(st.conditions, Conditions.READY));
    }

    private List<DaemonSet> edgeDaemonSets(String region) {
        return client.apps()
                .daemonSets()
                .inNamespace(namespace)
                .withLabel(ResourceNames.REGION_LABEL, region)
                .list()
                .getItems();
    }

    private static String hostPath(Pod pod) {
        return pod.getSpec().getVolumes().stream()
                .filter(v -> v.getHostPath() != null)
                .findFirst()
                .orElseThrow()
                .getHostPath()
                .getPath();
    }

    private DaemonSet daemonSet(String region) {
        return KubeApiServerHarness.edgeDaemonSet(client, namespace, region);
    }

    private RendRegion region(String name) {
        return client.resources(RendRegion.class).inNamespace(namespace).withName(name).get();
    }
}
