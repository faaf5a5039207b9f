package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * RendRegion and RendEdgeNode reconciled by the operator against a real kube-apiserver, with the
 * real DaemonSet controller and kube-scheduler creating and placing the edge pods, {@link
 * FakeKubelet} as kubelet and {@link WarmRecorder} as the edges' warm endpoint.
 */
class RegionOnRealApiServerIT {
    private static final String TOKEN = "internal-token-for-tests";
    private static final String WARM_ASSET = "0b7c6f0e-3f43-4d0e-9a8a-5b1f2c3d4e5f";
    private final KubernetesClient client = KubeApiServerHarness.client();
    private String namespace;
    private final Map<String, String> nodeIps = new LinkedHashMap<>();
    private WarmRecorder warm;
    private FakeKubelet kubelet;
    private OperatorUnderTest operator;

    @BeforeEach
    void cluster() throws IOException {
        namespace = KubeApiServerHarness.namespace("region");
        int i = 11;
        for (String suffix : List.of("a", "b", "c")) {
            String node = namespace + "-" + suffix;
            nodeIps.put(node, "127.0.0." + i++);
            FakeKubelet.registerNode(client, node, nodeIps.get(node));
        }
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-internal-token")
                                .endMetadata()
                                .addToStringData("token", TOKEN)
                                .build())
                .create();
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-playback-signing")
                                .endMetadata()
                                .addToStringData("key-id", "k1")
                                .addToStringData("secret", "s")
                                .build())
                .create();
        warm = new WarmRecorder();
        kubelet = new FakeKubelet(client, namespace);
        operator = OperatorUnderTest.withoutQueue(KubeApiServerHarness.operatorClient(), namespace);
    }

    @AfterEach
    void stop() {
        operator.close();
        kubelet.close();
        warm.close();
    }

    private List<String> nodes() {
        return new ArrayList<>(nodeIps.keySet());
    }

    private RendRegion createRegion(String name, int maxUnavailable) {
        return createRegion(name, maxUnavailable, nodes());
    }

    private RendRegion createRegion(String name, int maxUnavailable, List<String> nodes) {
        RendRegion region = Fixtures.region(namespace, name, "ghcr.io/rend/edge:1");
        region.getMetadata().setUid(null);
        region.getMetadata().setGeneration(null);
        region.getSpec().edge.port = warm.port();
        region.getSpec().edge.internalPort = warm.internalPort();
        region.getSpec().dns.ttlSeconds = 1;
        region.getSpec().rollout = new RolloutPolicy(maxUnavailable, true);
        region.getSpec().rollout.warmAssets = List.of(WARM_ASSET);
        for (String node : nodes) {
            RendEdgeNode edge =
                    Fixtures.edgeNode(
                            namespace,
                            node,
                            name,
                            nodeIps.get(node),
                            "/mnt/nvme0/rend",
                            "/mnt/nvme1/rend");
            edge.getMetadata().setGeneration(null);
            client.resource(edge).create();
        }
        return client.resource(region).create();
    }

    private RendRegion region(String name) {
        return client.resources(RendRegion.class).inNamespace(namespace).withName(name).get();
    }

    private GenericKubernetesResource dnsEndpoint(String region) {
        return client.genericKubernetesResources(
                        ResourceNames.DNS_ENDPOINT_API_VERSION, ResourceNames.DNS_ENDPOINT_KIND)
                .inNamespace(namespace)
                .withName(ResourceNames.dnsEndpoint(region))
                .get();
    }

    /** The addresses a DNSEndpoint lists (none when it is missing). */
    @SuppressWarnings("unchecked")
    static Set<String> listedAddresses(GenericKubernetesResource dns) {
        Set<String> addresses = new TreeSet<>();
        if (dns != null
                && dns.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("endpoints") instanceof List<?> endpoints) {
            for (Object e : endpoints) {
                addresses.addAll((List<String>) ((Map<String, Object>) e).get("targets"));
            }
        }
        return addresses;
    }

    /** The nodes the region's pods are bound to, a pod not bound yet counting as "". */
    private List<String> podNodes(String region) {
        return client
                .pods()
                .inNamespace(namespace)
                .withLabel(ResourceNames.REGION_LABEL, region)
                .list()
                .getItems()
                .stream()
                .map(p -> p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName())
                .sorted()
                .toList();
    }

    private Set<String> ipsOf(String... nodes) {
        Set<String> ips = new TreeSet<>();
        for (String node : nodes) {
            ips.add(nodeIps.get(node));
        }
        return ips;
    }

    @Test
    void regionWithThreeEdgeNodesPinsItsDaemonSetAndListsAnEdgeOnlyOnceItsPodIsReady() {
        String other = namespace + "-elsewhere";
        RendEdgeNode elsewhere =
                Fixtures.edgeNode(namespace, other, "lhr", "127.0.0.99", "/mnt/lhr");
        elsewhere.getMetadata().setGeneration(null);
        client.resource(elsewhere).create();
        RendRegion region = createRegion("fra", 1);
        List<String> nodes = nodes();

        DaemonSet ds =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> KubeApiServerHarness.edgeDaemonSet(client, namespace, "fra"),
                                d -> d != null);
        var pinned = Fixtures.pinnedNodes(ds);
        assertThat(pinned).containsExactlyInAnyOrderElementsOf(nodes);
        assertThat(ds.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getHostPath() != null)
                .extracting(v -> v.getHostPath().getPath())
                .containsExactly("/mnt/nvme0/rend/rend-edge");
        assertThat(ds.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        assertOwnedBy(ds, region);

        // The DaemonSet controller creates a pod for each pinned node and kube-scheduler binds it
        // there; none is ready yet: no edge in DNS.
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> podNodes("fra"),
                        placed -> placed.equals(nodes.stream().sorted().toList()));
        await().atMost(Duration.ofSeconds(20)).until(() -> dnsEndpoint("fra") != null);
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> listedAddresses(dnsEndpoint("fra")).isEmpty());

        kubelet.release(nodes.get(0));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> listedAddresses(dnsEndpoint("fra")).equals(ipsOf(nodes.get(0))));
        assertThat(warm.warms)
                .anySatisfy(
                        w -> {
                            assertThat(w.address()).isEqualTo(nodeIps.get(nodes.get(0)));
                            assertThat(w.token()).isEqualTo(TOKEN);
                            assertThat(w.body())
                                    .isEqualTo(
                                            "{\"asset_id\":\""
                                                    + WARM_ASSET
                                                    + "\",\"artifact_paths\":[\"opener.mp4\",\"hls/master.m3u8\"]}");
                        });
        assertThat(warm.addressesWarmed())
                .doesNotContain(nodeIps.get(nodes.get(1)), nodeIps.get(nodes.get(2)));

        kubelet.release(nodes.get(1), nodes.get(2));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                listedAddresses(dnsEndpoint("fra"))
                                        .equals(ipsOf(nodes.toArray(String[]::new))));
        assertThat(listedAddresses(dnsEndpoint("fra"))).doesNotContain("127.0.0.99");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            RendRegion current = region("fra");
                            assertThat(current.getStatus().observedGeneration)
                                    .isEqualTo(current.getMetadata().getGeneration());
                            assertThat(current.getStatus().nodesInDns).isEqualTo(3);
                            assertThat(current.getStatus().readyNodes).isEqualTo(3);
                            assertThat(
                                            Conditions.isTrue(
                                                    current.getStatus().conditions,
                                                    Conditions.READY))
                                    .isTrue();
                            assertThat(
                                            Conditions.isTrue(
                                                    current.getStatus().conditions,
                                                    Conditions.PROGRESSING))
                                    .isFalse();
                            assertThat(
                                            Conditions.isTrue(
                                                    current.getStatus().conditions,
                                                    Conditions.DEGRADED))
                                    .isFalse();
                        });
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(
                        () -> {
                            RendEdgeNode edge =
                                    client.resources(RendEdgeNode.class)
                                            .inNamespace(namespace)
                                            .withName(nodes.get(0))
                                            .get();
                            assertThat(edge.getStatus().nodeFound).isTrue();
                            assertThat(edge.getStatus().edgePodReady).isTrue();
                            assertThat(edge.getStatus().observedGeneration)
                                    .isEqualTo(edge.getMetadata().getGeneration());
                            assertThat(edge.getStatus().cacheDiskBytes)
                                    .isEqualTo(WarmRecorder.DISK_BYTES);
                            assertThat(edge.getStatus().cacheRamBytes)
                                    .isEqualTo(WarmRecorder.RAM_BYTES);
                            assertThat(
                                            client.nodes()
                                                    .withName(nodes.get(0))
                                                    .get()
                                                    .getMetadata()
                                                    .getLabels())
                                    .containsEntry(ResourceNames.NODE_REGION_LABEL, "fra")
                                    .containsEntry(ResourceNames.NODE_EDGE_LABEL, "true");
                        });
        // A hand edit of an owned object is undone.
        client.apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName(
                        KubeApiServerHarness.edgeDaemonSet(client, namespace, "fra")
                                .getMetadata()
                                .getName())
                .edit(
                        d -> {
                            d.getSpec()
                                    .getTemplate()
                                    .getSpec()
                                    .getContainers()
                                    .get(0)
                                    .setImage("example.com/not-rend:latest");
                            return d;
                        });
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                "ghcr.io/rend/edge:1"
                                        .equals(
                                                KubeApiServerHarness.edgeDaemonSet(
                                                                client, namespace, "fra")
                                                        .getSpec()
                                                        .getTemplate()
                                                        .getSpec()
                                                        .getContainers()
                                                        .get(0)
                                                        .getImage()));
        assertOwnedBy(client.services().inNamespace(namespace).withName("fra-edge").get(), region);
        assertOwnedBy(dnsEndpoint("fra"), region);
    }

    @Test
    void changingTheEdgeImageRollsNodeByNodeWithinMaxUnavailableAndResumesAfterAnOperatorRestart()
            throws Exception {
        List<String> nodes = nodes();
        kubelet.release(nodes.toArray(String[]::new));
        createRegion("ams", 1);
        Set<String> all = ipsOf(nodes.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> listedAddresses(dnsEndpoint("ams")).equals(all));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                Conditions.isTrue(
                                        region("ams").getStatus().conditions, Conditions.READY));
        String oldHash = region("ams").getStatus().templateHash;

        record Seen(Set<String> addresses, long atNanos) {}
        List<Seen> seen = new CopyOnWriteArrayList<>();
        Watch watch =
                client.genericKubernetesResources(
                                ResourceNames.DNS_ENDPOINT_API_VERSION,
                                ResourceNames.DNS_ENDPOINT_KIND)
                        .inNamespace(namespace)
                        .withName(ResourceNames.dnsEndpoint("ams"))
                        .watch(
                                new Watcher<>() {
                                    @Override
                                    public void eventReceived(
                                            Action action, GenericKubernetesResource resource) {
                                        seen.add(
                                                new Seen(
                                                        listedAddresses(resource),
                                                        System.nanoTime()));
                                    }

                                    @Override
                                    public void onClose(WatcherException cause) {}
                                });
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
            int warmsBefore = warm.warms.size();
            mergePatch("ams", "{\"spec\":{\"edge\":{\"image\":\"ghcr.io/rend/edge:2\"}}}");

            // Restart the operator in the middle: one node replaced, the next one withdrawn from
            // DNS and draining; the new operator must pick the withdrawal up from the status it
            // left.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> {
                                var status = region("ams").getStatus();
                                return status.updatedNodes != null
                                        && status.updatedNodes >= 1
                                        && status.nodes.stream()
                                                .anyMatch(n -> "Withdrawn".equals(n.phase));
                            });
            System.out.println(
                    "restarting the operator mid-rollout: "
                            + io.fabric8.kubernetes.client.utils.Serialization.asJson(
                                    region("ams").getStatus().nodes));
            operator.close();
            Thread.sleep(1500);
            operator =
                    OperatorUnderTest.withoutQueue(
                            KubeApiServerHarness.operatorClient(), namespace);

            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(
                            () -> {
                                RendRegion current = region("ams");
                                assertThat(current.getMetadata().getGeneration()).isEqualTo(2L);
                                assertThat(current.getStatus().observedGeneration).isEqualTo(2L);
                                assertThat(current.getStatus().updatedNodes).isEqualTo(3);
                                assertThat(
                                                Conditions.isTrue(
                                                        current.getStatus().conditions,
                                                        Conditions.READY))
                                        .isTrue();
                                assertThat(
                                                Conditions.isTrue(
                                                        current.getStatus().conditions,
                                                        Conditions.PROGRESSING))
                                        .isFalse();
                                assertThat(listedAddresses(dnsEndpoint("ams"))).isEqualTo(all);
                            });
            String newHash = region("ams").getStatus().templateHash;
            assertThat(newHash).isNotEqualTo(oldHash);
            assertThat(
                            client.pods()
                                    .inNamespace(namespace)
                                    .withLabel(ResourceNames.REGION_LABEL, "ams")
                                    .list()
                                    .getItems())
                    .hasSize(3)
                    .allSatisfy(
                            p -> {
                                // The region's template with the nodes' one cache layout.
                                assertThat(p.getMetadata().getLabels())
                                        .containsEntry(
                                                ResourceNames.EDGE_TEMPLATE_HASH_LABEL,
                                                KubeApiServerHarness.edgeDaemonSet(
                                                                client, namespace, "ams")
                                                        .getSpec()
                                                        .getTemplate()
                                                        .getMetadata()
                                                        .getLabels()
                                                        .get(
                                                                ResourceNames
                                                                        .EDGE_TEMPLATE_HASH_LABEL));
                                assertThat(p.getSpec().getContainers().get(0).getImage())
                                        .isEqualTo("ghcr.io/rend/edge:2");
                            });

            // From the watch: never more than one of three out of DNS, every node out once, and
            // warmed between its withdrawal and its return.
            assertThat(seen)
                    .allSatisfy(
                            s ->
                                    assertThat(s.addresses().size())
                                            .as("listed %s", s.addresses())
                                            .isGreaterThanOrEqualTo(2));
            for (String address : all) {
                int out = indexOf(seen, 0, s -> !s.addresses().contains(address));
                assertThat(out).as("%s withdrawn at some point", address).isGreaterThanOrEqualTo(0);
                int back = indexOf(seen, out, s -> s.addresses().contains(address));
                assertThat(back).as("%s listed again", address).isGreaterThan(out);
                long withdrawnAt = seen.get(out).atNanos();
                long returnedAt = seen.get(back).atNanos();
                assertThat(warm.warms.subList(warmsBefore, warm.warms.size()))
                        .as("%s warmed while out of DNS", address)
                        .anySatisfy(
                                w -> {
                                    assertThat(w.address()).isEqualTo(address);
                                    assertThat(w.atNanos()).isBetween(withdrawnAt, returnedAt);
                                });
            }
            // kubectl describe tells the story: each node withdrawn, its pod replaced, warmed and
            // restored, as Events on the region.
            KubeApiServerHarness.Tool describe =
                    KubeApiServerHarness.kubectl(
                            "describe", "rendregion", "ams", "--namespace", namespace);
            assertThat(describe.exitCode()).as(describe.output()).isZero();
            System.out.println(describe.output().substring(describe.output().indexOf("Events:")));
            for (String reason :
                    List.of("NodeWithdrawn", "PodReplaced", "NodeWarmed", "NodeRestored")) {
                assertThat(describe.output()).as(describe.output()).contains(reason);
            }
            assertThat(
                            client.v1()
                                    .events()
                                    .inNamespace(namespace)
                                    .withField("involvedObject.name", "ams")
                                    .list()
                                    .getItems())
                    .filteredOn(e -> "NodeRestored".equals(e.getReason()))
                    .hasSizeGreaterThanOrEqualTo(3);
        } finally {
            watch.close();
        }
    }

    @Test
    void withTheDnsEndpointDeletedMidRolloutNoMoreThanMaxUnavailableEdgesAreDown() {
        List<String> nodes = nodes();
        kubelet.release(nodes.toArray(String[]::new));
        createRegion("fra", 1);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                listedAddresses(dnsEndpoint("fra"))
                                                .equals(ipsOf(nodes.toArray(String[]::new)))
                                        && Conditions.isTrue(
                                                region("fra").getStatus().conditions,
                                                Conditions.READY));
        // Every pod event: how many nodes have no ready pod that is not being deleted.
        Map<String, Pod> podsByName = new java.util.concurrent.ConcurrentHashMap<>();
        List<Integer> down = new CopyOnWriteArrayList<>();
        Watch watch = watchDown("fra", nodes, podsByName, down);
        try {
            // The watch starts with one ADDED event a pod: count from the full picture on.
            await().atMost(Duration.ofSeconds(10)).until(() -> podsByName.size() == 3);
            down.clear();
            String oldHash = region("fra").getStatus().templateHash;
            mergePatch("fra", "{\"spec\":{\"edge\":{\"image\":\"ghcr.io/rend/edge:2\"}}}");
            client.genericKubernetesResources(
                            ResourceNames.DNS_ENDPOINT_API_VERSION, ResourceNames.DNS_ENDPOINT_KIND)
                    .inNamespace(namespace)
                    .withName(ResourceNames.dnsEndpoint("fra"))
                    .delete();
            await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> {
                                var status = region("fra").getStatus();
                                return Long.valueOf(2).equals(status.observedGeneration)
                                        && !oldHash.equals(status.templateHash)
                                        && status.updatedNodes == 3
                                        && Conditions.isTrue(status.conditions, Conditions.READY);
                            });
        } finally {
            watch.close();
        }
        assertThat(down).as("pod events seen").isNotEmpty();
        assertThat(down)
                .as("nodes without a ready pod, at every pod event")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));
        assertThat(down).contains(1);
    }

    @Test
    void aOneNodeRegionWaitsRatherThanGoDarkUntilMinServingIsZero() throws InterruptedException {
        String only = nodes().get(0);
        kubelet.release(only);
        createRegion("solo", 1, List.of(only));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                listedAddresses(dnsEndpoint("solo")).equals(ipsOf(only))
                                        && Conditions.isTrue(
                                                region("solo").getStatus().conditions,
                                                Conditions.READY));
        Map<String, Pod> podsByName = new java.util.concurrent.ConcurrentHashMap<>();
        List<Integer> down = new CopyOnWriteArrayList<>();
        Watch watch = watchDown("solo", List.of(only), podsByName, down);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> podsByName.size() == 1);
            down.clear();
            String before = podsByName.keySet().iterator().next();
            mergePatch("solo", "{\"spec\":{\"edge\":{\"image\":\"ghcr.io/rend/edge:2\"}}}");
            // Held: the only serving edge is not withdrawn, however many TTLs (1 s) pass.
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> region("solo").getStatus(),
                            st ->
                                    Long.valueOf(2).equals(st.observedGeneration)
                                            && st.conditions.stream()
                                                    .anyMatch(
                                                            c ->
                                                                    Conditions.PROGRESSING.equals(
                                                                                    c.getType())
                                                                            && c.getMessage()
                                                                                    .contains(
                                                                                            "fewer than minServing")));
            Thread.sleep(8_000);
            assertThat(podsByName.keySet()).containsExactly(before);
            assertThat(listedAddresses(dnsEndpoint("solo"))).isEqualTo(ipsOf(only));
            assertThat(down)
                    .as("the node without a ready pod, at every pod event")
                    .doesNotContain(1);

            // Going dark is the user's own choice: with minServing 0 the pod is replaced.
            mergePatch("solo", "{\"spec\":{\"rollout\":{\"minServing\":0}}}");
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> region("solo").getStatus(),
                            st ->
                                    st.updatedNodes == 1
                                            && Conditions.isTrue(st.conditions, Conditions.READY));
            assertThat(podsByName.keySet()).doesNotContain(before);
        } finally {
            watch.close();
        }
    }

    /** A merge patch carries no resource version: the operator's status writes cannot conflict. */
    private void mergePatch(String region, String json) {
        client.resources(RendRegion.class)
                .inNamespace(namespace)
                .withName(region)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    /**
     * Watches the region's pods into {@code podsByName}; at every pod event, adds to {@code down}
     * how many of {@code nodes} have no ready pod that is not being deleted.
     */
    private Watch watchDown(
            String region, List<String> nodes, Map<String, Pod> podsByName, List<Integer> down) {
        return client.pods()
                .inNamespace(namespace)
                .withLabel(ResourceNames.REGION_LABEL, region)
                .watch(
                        new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, Pod pod) {
                                if (action == Action.DELETED) {
                                    podsByName.remove(pod.getMetadata().getName());
                                } else {
                                    podsByName.put(pod.getMetadata().getName(), pod);
                                }
                                down.add(nodesDown(nodes, podsByName.values()));
                            }

                            @Override
                            public void onClose(WatcherException cause) {}
                        });
    }

    private static int nodesDown(List<String> nodes, java.util.Collection<Pod> pods) {
        int down = 0;
        for (String node : nodes) {
            boolean up =
                    pods.stream()
                            .anyMatch(
                                    p ->
                                            node.equals(p.getSpec().getNodeName())
                                                    && p.getMetadata().getDeletionTimestamp()
                                                            == null
                                                    && p.getStatus() != null
                                                    && p.getStatus().getConditions().stream()
                                                            .anyMatch(
                                                                    c ->
                                                                            "Ready"
                                                                                            .equals(
                                                                                                    c
                                                                                                            .getType())
                                                                                    && "True"
                                                                                            .equals(
                                                                                                    c
                                                                                                            .getStatus())));
            if (!up) {
                down++;
            }
        }
        return down;
    }

    @Test
    void aPausedRegionChangesNothingUntilTheAnnotationIsRemoved() {
        List<String> nodes = nodes();
        kubelet.release(nodes.toArray(String[]::new));
        createRegion("osl", 1);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                Conditions.isTrue(
                                        region("osl").getStatus().conditions, Conditions.READY));
        mergePatch(
                "osl",
                "{\"metadata\":{\"annotations\":{\""
                        + ResourceNames.PAUSE_ANNOTATION
                        + "\":\"true\"}},\"spec\":{\"edge\":{\"image\":\"ghcr.io/rend/edge:2\"}}}");
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                Conditions.isTrue(
                                        region("osl").getStatus().conditions,
                                        Conditions.RECONCILIATION_PAUSED));
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> "ghcr.io/rend/edge:1".equals(edgeImage("osl")));
        assertThat(eventsOn("osl"))
                .anySatisfy(
                        e -> {
                            assertThat(e.getReason()).isEqualTo("RolloutPaused");
                            assertThat(e.getMessage()).contains(ResourceNames.PAUSE_ANNOTATION);
                        });

        mergePatch(
                "osl",
                "{\"metadata\":{\"annotations\":{\""
                        + ResourceNames.PAUSE_ANNOTATION
                        + "\":null}}}");
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                "ghcr.io/rend/edge:2".equals(edgeImage("osl"))
                                        && region("osl").getStatus().updatedNodes == 3
                                        && !Conditions.isTrue(
                                                region("osl").getStatus().conditions,
                                                Conditions.RECONCILIATION_PAUSED));
    }

    private List<Event> eventsOn(String region) {
        return client.v1()
                .events()
                .inNamespace(namespace)
                .withField("involvedObject.name", region)
                .list()
                .getItems();
    }

    private String edgeImage(String region) {
        DaemonSet daemonSet = KubeApiServerHarness.edgeDaemonSet(client, namespace, region);
        return daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static <T> int indexOf(
            List<T> list, int from, java.util.function.Predicate<T> predicate) {
        for (int i = Math.max(0, from); i < list.size(); i++) {
            if (predicate.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void removingAnEdgeNodeTakesItOutOfDnsFirstAndEndsItsPodOnlyOneTtlLater() {
        List<String> nodes = nodes();
        kubelet.release(nodes.toArray(String[]::new));
        createRegion("cdg", 1);
        int ttlSeconds = 4;
        mergePatch("cdg", "{\"spec\":{\"dns\":{\"ttlSeconds\":" + ttlSeconds + "}}}");
        Set<String> all = ipsOf(nodes.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                listedAddresses(dnsEndpoint("cdg")).equals(all)
                                        && Conditions.isTrue(
                                                region("cdg").getStatus().conditions,
                                                Conditions.READY));
        String leaving = nodes.get(2);
        Map<String, String> podUids = new HashMap<>();
        for (Pod pod :
                client.pods()
                        .inNamespace(namespace)
                        .withLabel(ResourceNames.REGION_LABEL, "cdg")
                        .list()
                        .getItems()) {
            podUids.put(pod.getSpec().getNodeName(), pod.getMetadata().getUid());
        }

        client.resources(RendEdgeNode.class).inNamespace(namespace).withName(leaving).delete();
        long withoutIt =
                await().atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () -> dnsEndpoint("cdg"),
                                d -> !listedAddresses(d).contains(nodeIps.get(leaving)))
                        .getMetadata()
                        .getGeneration();
        long outOfDns = System.nanoTime();
        // external-dns (beside the API server) reports the generation it took in the status.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> observedGeneration(dnsEndpoint("cdg")) >= withoutIt);
        long observed = System.nanoTime();
        // Viewers' resolvers may hold the old records for a TTL after external-dns changed them:
        // the edge keeps serving meanwhile.
        await().atMost(Duration.ofSeconds(ttlSeconds + 30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> podEnding(podUids.get(leaving)));
        long podEnded = System.nanoTime();
        long drainedMs = (podEnded - observed) / 1_000_000;
        System.out.println(
                "edge node removal: external-dns took the records without it "
                        + (observed - outOfDns) / 1_000_000
                        + " ms after the operator wrote them; its pod ended "
                        + drainedMs
                        + " ms after that (TTL "
                        + ttlSeconds
                        + " s)");
        assertThat(drainedMs).isGreaterThanOrEqualTo(ttlSeconds * 1000L - 200);
        assertThat(
                        region("cdg").getStatus().conditions.stream()
                                .filter(c -> Conditions.DEGRADED.equals(c.getType()))
                                .map(c -> c.getReason()))
                .doesNotContain("ExternalDnsNotObserving");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            assertThat(
                                            client.resources(RendEdgeNode.class)
                                                    .inNamespace(namespace)
                                                    .withName(leaving)
                                                    .get())
                                    .isNull();
                            assertThat(
                                            client.nodes()
                                                    .withName(leaving)
                                                    .get()
                                                    .getMetadata()
                                                    .getLabels())
                                    .doesNotContainKey(ResourceNames.NODE_EDGE_LABEL);
                            assertThat(listedAddresses(dnsEndpoint("cdg")))
                                    .isEqualTo(ipsOf(nodes.get(0), nodes.get(1)));
                        });
        // The other edges were never touched.
        for (String node : List.of(nodes.get(0), nodes.get(1))) {
            assertThat(podEnding(podUids.get(node))).as(node).isFalse();
        }
        assertThat(eventsOn("cdg"))
                .anySatisfy(
                        e -> {
                            assertThat(e.getReason()).isEqualTo("NodeWithdrawn");
                            assertThat(e.getMessage()).contains(leaving).contains("being deleted");
                        });
    }

    private static long observedGeneration(GenericKubernetesResource endpoint) {
        Object status = endpoint.getAdditionalProperties().get("status");
        Object generation = status instanceof Map<?, ?> map ? map.get("observedGeneration") : null;
        return generation instanceof Number n ? n.longValue() : -1;
    }

    /** The pod with this uid is gone or terminating. */
    private boolean podEnding(String uid) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> uid.equals(p.getMetadata().getUid()))
                .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null);
    }

    @Test
    void deletingTheRegionRemovesWhatItOwnsAndDeletingAnEdgeNodeUntaintsAndUnlabelsItsNode() {
        List<String> nodes = nodes();
        kubelet.release(nodes.toArray(String[]::new));
        RendRegion region = createRegion("lhr", 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> listedAddresses(dnsEndpoint("lhr")).size() == 3);
        List<HasMetadata> owned =
                List.of(
                        KubeApiServerHarness.edgeDaemonSet(client, namespace, "lhr"),
                        client.services().inNamespace(namespace).withName("lhr-edge").get(),
                        dnsEndpoint("lhr"));
        owned.forEach(o -> assertOwnedBy(o, region));

        // No finalizer on a region: the API server removes it at once, and the garbage collector
        // (rend-test-controllers) removes what it owns through the owner references.
        client.resource(region).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> region("lhr") == null);
        kubelet.close();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> {
                            assertThat(KubeApiServerHarness.edgeDaemonSet(client, namespace, "lhr"))
                                    .isNull();
                            assertThat(
                                            client.services()
                                                    .inNamespace(namespace)
                                                    .withName("lhr-edge")
                                                    .get())
                                    .isNull();
                            assertThat(dnsEndpoint("lhr")).isNull();
                            assertThat(
                                            client.pods()
                                                    .inNamespace(namespace)
                                                    .withLabel(ResourceNames.REGION_LABEL, "lhr")
                                                    .list()
                                                    .getItems())
                                    .allSatisfy(
                                            p ->
                                                    assertThat(
                                                                    p.getMetadata()
                                                                            .getDeletionTimestamp())
                                                            .isNotNull());
                        });

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                client.nodes()
                                        .withName(nodes.get(0))
                                        .get()
                                        .getMetadata()
                                        .getLabels()
                                        .containsKey(ResourceNames.NODE_EDGE_LABEL));
        client.resources(RendEdgeNode.class)
                .inNamespace(namespace)
                .withName(nodes.get(0))
                .edit(
                        e -> {
                            e.getSpec().dedicated = true;
                            return e;
                        });
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                client
                                        .nodes()
                                        .withName(nodes.get(0))
                                        .get()
                                        .getSpec()
                                        .getTaints()
                                        .stream()
                                        .anyMatch(
                                                t ->
                                                        "rend.so/edge".equals(t.getKey())
                                                                && "NoSchedule"
                                                                        .equals(t.getEffect())));
        RendEdgeNode edge =
                client.resources(RendEdgeNode.class)
                        .inNamespace(namespace)
                        .withName(nodes.get(0))
                        .get();
        assertThat(edge.getMetadata().getFinalizers()).isNotEmpty();
        client.resource(edge).delete();
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                client.resources(RendEdgeNode.class)
                                                .inNamespace(namespace)
                                                .withName(nodes.get(0))
                                                .get()
                                        == null);
        assertThat(client.nodes().withName(nodes.get(0)).get().getMetadata().getLabels())
                .doesNotContainKeys(ResourceNames.NODE_EDGE_LABEL, ResourceNames.NODE_REGION_LABEL);
        assertThat(client.nodes().withName(nodes.get(0)).get().getSpec().getTaints())
                .noneMatch(t -> "rend.so/edge".equals(t.getKey()));
    }

    @Test
    void aNodeThatDoesNotComeBackPausesTheRolloutWithDegradedUntilItRecovers() {
        List<String> nodes = nodes();
        kubelet.release(nodes.toArray(String[]::new));
        createRegion("sin", 1);
        mergePatch("sin", "{\"spec\":{\"rollout\":{\"nodeTimeoutSeconds\":10}}}");
        Set<String> all = ipsOf(nodes.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                listedAddresses(dnsEndpoint("sin")).equals(all)
                                        && Conditions.isTrue(
                                                region("sin").getStatus().conditions,
                                                Conditions.READY));

        // The first node's replacement never becomes ready.
        kubelet.hold(nodes.get(0));
        mergePatch("sin", "{\"spec\":{\"edge\":{\"image\":\"ghcr.io/rend/edge:2\"}}}");
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(
                        () ->
                                assertThat(region("sin").getStatus().conditions)
                                        .anySatisfy(
                                                c ->
                                                        assertThat(
                                                                        c.getType()
                                                                                + "/"
                                                                                + c.getStatus()
                                                                                + "/"
                                                                                + c.getReason())
                                                                .isEqualTo(
                                                                        "Degraded/True/NodeTimedOut")));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(eventsOn("sin"))
                                        .filteredOn(e -> "RolloutPaused".equals(e.getReason()))
                                        .singleElement()
                                        .satisfies(
                                                e -> {
                                                    assertThat(e.getType()).isEqualTo("Warning");
                                                    assertThat(e.getMessage())
                                                            .startsWith("NodeTimedOut: ")
                                                            .contains(nodes.get(0));
                                                }));
        // The rest keep serving the old template meanwhile.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                listedAddresses(dnsEndpoint("sin"))
                                                .equals(ipsOf(nodes.get(1), nodes.get(2)))
                                        && region("sin").getStatus().updatedNodes == 1);

        kubelet.release(nodes.get(0));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> {
                            RendRegion current = region("sin");
                            assertThat(current.getStatus().updatedNodes).isEqualTo(3);
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
                            assertThat(listedAddresses(dnsEndpoint("sin"))).isEqualTo(all);
                        });
    }

    @Test
    void aReconcileTheApiServerRejectsShowsAsDegraded() {
        RendRegion region = Fixtures.region(namespace, "bad", "ghcr.io/rend/edge:1");
        region.getMetadata().setUid(null);
        region.getMetadata().setGeneration(null);
        // Accepted by the CRD, but no valid Secret name: the API server rejects the DaemonSet
        // (written once the region has an edge node).
        region.getSpec().edge.signingSecretName = "Not_A_Secret_Name";
        client.resource(region).create();
        RendEdgeNode edge =
                Fixtures.edgeNode(namespace, namespace + "-bad", "bad", "127.0.0.98", "/mnt/bad");
        edge.getMetadata().setGeneration(null);
        client.resource(edge).create();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () ->
                                assertThat(region("bad").getStatus())
                                        .isNotNull()
                                        .satisfies(
                                                status ->
                                                        assertThat(status.conditions)
                                                                .anySatisfy(
                                                                        c -> {
                                                                            assertThat(
                                                                                            c
                                                                                                            .getType()
                                                                                                    + "/"
                                                                                                    + c
                                                                                                            .getStatus()
                                                                                                    + "/"
                                                                                                    + c
                                                                                                            .getReason())
                                                                                    .isEqualTo(
                                                                                            "Degraded/True/ReconcileFailed");
                                                                            assertThat(
                                                                                            c
                                                                                                    .getMessage())
                                                                                    .contains(
                                                                                            "secretKeyRef.name");
                                                                        })));
    }

    @Test
    void homeRegionHostsTheApiUntilSpecApiIsRemoved() {
        RendRegion region = Fixtures.region(namespace, "iad", "ghcr.io/rend/edge:1");
        region.getMetadata().setUid(null);
        region.getMetadata().setGeneration(null);
        region.getSpec().api = new so.rend.operator.customresource.HomeRegionApi();
        region.getSpec().api.image = "ghcr.io/rend/api:1";
        RendRegion created = client.resource(region).create();
        Deployment api =
                await().atMost(Duration.ofSeconds(20))
                        .until(
                                () ->
                                        client.apps()
                                                .deployments()
                                                .inNamespace(namespace)
                                                .withName("iad-api")
                                                .get(),
                                d -> d != null);
        assertOwnedBy(api, created);
        assertOwnedBy(client.services().inNamespace(namespace).withName("iad-api").get(), created);
        assertOwnedBy(
                client.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName("iad-api")
                        .get(),
                created);
        // No edge node names this region: Ready=False with a reason that says so.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () ->
                                assertThat(region("iad").getStatus().conditions)
                                        .anySatisfy(
                                                c ->
                                                        assertThat(
                                                                        c.getType()
                                                                                + "/"
                                                                                + c.getStatus()
                                                                                + "/"
                                                                                + c.getReason())
                                                                .isEqualTo(
                                                                        "Ready/False/NoEdgeNodes")));

        mergePatch("iad", "{\"spec\":{\"api\":null}}");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            assertThat(
                                            client.apps()
                                                    .deployments()
                                                    .inNamespace(namespace)
                                                    .withName("iad-api")
                                                    .get())
                                    .isNull();
                            assertThat(
                                            client.services()
                                                    .inNamespace(namespace)
                                                    .withName("iad-api")
                                                    .get())
                                    .isNull();
                            assertThat(
                                            client.policy()
                                                    .v1()
                                                    .podDisruptionBudget()
                                                    .inNamespace(namespace)
                                                    .withName("iad-api")
                                                    .get())
                                    .isNull();
                            assertThat(region("iad").getStatus().observedGeneration).isEqualTo(2L);
                        });
    }

    private static void assertOwnedBy(HasMetadata object, RendRegion region) {
        assertThat(object).isNotNull();
        assertThat(object.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.getUid()).isEqualTo(region.getMetadata().getUid());
                            assertThat(o.getKind()).isEqualTo("RendRegion");
                            assertThat(o.getController()).isTrue();
                        });
    }
}
