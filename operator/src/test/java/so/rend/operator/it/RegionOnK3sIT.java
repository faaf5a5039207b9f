package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.ImagePullPolicy;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.customresource.RolloutPolicy;
import so.rend.operator.customresource.ScalerKind;
import so.rend.operator.model.Conditions;
import so.rend.operator.model.ResourceNames;

/**
 * The operator's scenarios on k3s (Testcontainers), where the DaemonSet and Deployment controllers,
 * the garbage collector and the kubelet are real: the real rend-edge runs in a pod, built from
 * images/Dockerfile and imported into k3s's containerd, and its readiness probe is what puts it in
 * DNS. Needs a Docker engine; without one every test here is skipped and says so on stderr. The
 * same scenarios run without Docker in CrdsOnRealApiServerIT, RegionOnRealApiServerIT and
 * EncodingPoolOnRealApiServerIT (real kube-apiserver, the kubelet played by the test).
 */
class RegionOnK3sIT {
    private static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.32.5-k3s1");
    private static final String EDGE_IMAGE = "rend-edge-k3s-test:1";
    private static final String EDGE_IMAGE_NEXT = "rend-edge-k3s-test:2";
    private static final String PUBLIC_ADDRESS = "203.0.113.10";
    private static final String CACHE_ROOT = "/var/lib/rend/edge-cache";

    private static K3sContainer k3s;
    private static KubernetesClient client;
    private static KubernetesClient operatorClient;
    private static String node;

    private static final String SKIPPED =
            "RegionOnK3sIT SKIPPED: no Docker engine, so no k3s. The same scenarios ran on "
                    + "the real kube-apiserver (CrdsOnRealApiServerIT, RegionOnRealApiServerIT, EncodingPoolOnRealApiServerIT).";

    @BeforeAll
    static void startK3s() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            System.err.println(
                    "\n"
                            + "!".repeat(SKIPPED.length())
                            + "\n"
                            + SKIPPED
                            + "\n"
                            + "!".repeat(SKIPPED.length())
                            + "\n");
            return;
        }
        k3s = new K3sContainer(K3S);
        k3s.start();
        client =
                new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
                        .build();
        node = client.nodes().list().getItems().get(0).getMetadata().getName();
        importEdgeImages();
        installCrds();
        // The chart's ServiceAccount and RBAC, as users install them; the operator itself runs in
        // this JVM.
        Path kubeconfig = Files.createTempFile("k3s-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
        var installed =
                KubeApiServerHarness.helm(
                        kubeconfig,
                        "install",
                        KubeApiServerHarness.RELEASE,
                        KubeApiServerHarness.chart().toString(),
                        "--namespace",
                        KubeApiServerHarness.RELEASE_NAMESPACE,
                        "--create-namespace",
                        "--set",
                        "operator.replicas=0");
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        Config config = Config.fromKubeconfig(k3s.getKubeConfigYaml());
        config.setImpersonateUsername(KubeApiServerHarness.OPERATOR_USER);
        operatorClient = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Each test counts as skipped (not as zero tests) in the report, with the reason. */
    @BeforeEach
    void needsK3s() {
        Assumptions.assumeTrue(k3s != null, SKIPPED);
    }

    @AfterAll
    static void stopK3s() {
        if (operatorClient != null) {
            operatorClient.close();
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    /** The real edge image, from images/Dockerfile, under two tags (the second one to roll to). */
    private static void importEdgeImages() throws Exception {
        Path edgeJar = Path.of(System.getProperty("rend.edge.jar"));
        if (!Files.isRegularFile(edgeJar)) {
            throw new IllegalStateException(
                    edgeJar + " is missing: build it with ./mvnw -pl edge -am package -DskipTests");
        }
        String built =
                new ImageFromDockerfile(EDGE_IMAGE, false)
                        .withFileFromPath(
                                "Dockerfile",
                                Path.of(
                                        System.getProperty(
                                                "rend.dockerfile", "../images/Dockerfile")))
                        .withFileFromPath("rend-edge.jar", edgeJar)
                        .withBuildArg("JAR", "rend-edge.jar")
                        .get();
        var docker = DockerClientFactory.instance().client();
        String[] next = EDGE_IMAGE_NEXT.split(":");
        docker.tagImageCmd(built, next[0], next[1]).exec();
        for (String image : List.of(EDGE_IMAGE, EDGE_IMAGE_NEXT)) {
            Path tar = Files.createTempFile("rend-edge-image", ".tar");
            try (InputStream saved = docker.saveImageCmd(image).exec()) {
                Files.copy(saved, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
                var imported =
                        k3s.execInContainer(
                                "ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
                if (imported.getExitCode() != 0) {
                    throw new IllegalStateException(
                            "ctr images import failed: " + imported.getStderr());
                }
            } finally {
                Files.deleteIfExists(tar);
            }
        }
    }

    /**
     * Rend's CRDs with k3s's own kubectl, as users install them; external-dns' CRD for the
     * DNSEndpoints.
     */
    private static void installCrds() throws Exception {
        try (Stream<Path> files =
                Files.list(Path.of(System.getProperty("rend.crds.dir", "../crds")))) {
            for (Path crd : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                k3s.copyFileToContainer(
                        MountableFile.forHostPath(crd), "/rend/crds/" + crd.getFileName());
            }
        }
        var applied = k3s.execInContainer("kubectl", "apply", "--server-side", "-f", "/rend/crds/");
        assertThat(applied.getExitCode()).as(applied.getStderr()).isZero();
        try (InputStream in =
                RegionOnK3sIT.class.getResourceAsStream(
                        "/external-crds/dnsendpoints.externaldns.k8s.io.yaml")) {
            client.resource(client.apiextensions().v1().customResourceDefinitions().load(in).item())
                    .serverSideApply();
        }
        for (String name :
                List.of(
                        "rendregions.rend.so",
                        "rendedgenodes.rend.so",
                        "rendencodingpools.rend.so",
                        "dnsendpoints.externaldns.k8s.io")) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(name)
                    .waitUntilCondition(KubeApiServerHarness::established, 60, TimeUnit.SECONDS);
        }
    }

    private static String namespace(String prefix) {
        return KubeApiServerHarness.namespace(client, prefix);
    }

    @Test
    void crdsExplainThemselvesAndTheApiServerRejectsInvalidResources() throws Exception {
        // The OpenAPI of a just-established CRD can take a moment to be published.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () ->
                                assertThat(
                                                k3s.execInContainer(
                                                                "kubectl",
                                                                "explain",
                                                                "rendregion.spec")
                                                        .getStdout())
                                        .contains("Where the viewers this region serves are"));
        String namespace = namespace("crds");
        RendEdgeNode edge =
                Fixtures.edgeNode(namespace, "no-region", "x", PUBLIC_ADDRESS, CACHE_ROOT);
        edge.getSpec().region = null;
        assertThatThrownBy(() -> client.resource(edge).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.region: Required value");
    }

    @Test
    void
            theRealEdgeRunsOnItsNodeIsListedInDnsOnlyWhenReadyRollsToANewImageAndIsCollectedWithItsRegion()
                    throws Exception {
        String namespace = namespace("region");
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-internal-token")
                                .endMetadata()
                                .addToStringData("token", "k3s-internal-token")
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
                                .addToStringData("secret", "k3s-playback-signing-secret-0000")
                                .build())
                .create();
        // No origin in this cluster: the edge starts and is ready; misses would get 502
        // origin_unavailable.
        // Static keys keep the S3 client off the instance-metadata credential lookup.
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-origin")
                                .endMetadata()
                                .addToStringData("REND_S3_ENDPOINT", "http://127.0.0.1:9")
                                .addToStringData("REND_S3_BUCKET", "rend")
                                .addToStringData("REND_S3_ACCESS_KEY_ID", "k3s-test")
                                .addToStringData("REND_S3_SECRET_ACCESS_KEY", "k3s-test-secret")
                                .build())
                .create();

        // One ordered log of what the DNSEndpoint and the edge pods went through, from two watches.
        List<String> log = new CopyOnWriteArrayList<>();
        try (OperatorUnderTest operator =
                        OperatorUnderTest.withoutQueue(operatorClient, namespace);
                Watch dnsWatch =
                        client.genericKubernetesResources(
                                        ResourceNames.DNS_ENDPOINT_API_VERSION,
                                        ResourceNames.DNS_ENDPOINT_KIND)
                                .inNamespace(namespace)
                                .watch(
                                        new Watcher<>() {
                                            @Override
                                            public void eventReceived(
                                                    Action action, GenericKubernetesResource dns) {
                                                boolean listed =
                                                        RegionOnRealApiServerIT.listedAddresses(
                                                                        action == Action.DELETED
                                                                                ? null
                                                                                : dns)
                                                                .contains(PUBLIC_ADDRESS);
                                                log.add(listed ? "dns:listed" : "dns:withdrawn");
                                            }

                                            @Override
                                            public void onClose(WatcherException cause) {}
                                        });
                Watch podWatch =
                        client.pods()
                                .inNamespace(namespace)
                                .withLabel(ResourceNames.APP_NAME_LABEL, ResourceNames.EDGE_APP)
                                .watch(
                                        new Watcher<>() {
                                            @Override
                                            public void eventReceived(Action action, Pod pod) {
                                                String uid = pod.getMetadata().getUid();
                                                String event =
                                                        action == Action.DELETED
                                                                        || pod.getMetadata()
                                                                                        .getDeletionTimestamp()
                                                                                != null
                                                                ? "pod-leaving:" + uid
                                                                : ready(pod)
                                                                        ? "pod-ready:" + uid
                                                                        : null;
                                                if (event != null && !log.contains(event)) {
                                                    log.add(event);
                                                }
                                            }

                                            @Override
                                            public void onClose(WatcherException cause) {}
                                        })) {
            RendEdgeNode edge =
                    Fixtures.edgeNode(namespace, node, "k3s", PUBLIC_ADDRESS, CACHE_ROOT);
            edge.getMetadata().setGeneration(null);
            client.resource(edge).create();
            RendRegion region = Fixtures.region(namespace, "k3s", EDGE_IMAGE);
            region.getMetadata().setUid(null);
            region.getMetadata().setGeneration(null);
            region.getSpec().edge.imagePullPolicy = ImagePullPolicy.Never;
            region.getSpec().dns.ttlSeconds = 1;
            region.getSpec().rollout = new RolloutPolicy(1, true);
            // One node: it may go dark for its rollout (the default minServing 1 would wait).
            region.getSpec().rollout.minServing = 0;
            client.resource(region).create();

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                DaemonSet ds =
                                        KubeApiServerHarness.edgeDaemonSet(
                                                client, namespace, "k3s");
                                assertThat(ds.getSpec().getTemplate().getSpec().getVolumes())
                                        .anySatisfy(
                                                v ->
                                                        assertThat(v.getHostPath())
                                                                .isNotNull()
                                                                .satisfies(
                                                                        h ->
                                                                                assertThat(
                                                                                                h
                                                                                                        .getPath())
                                                                                        .isEqualTo(
                                                                                                CACHE_ROOT
                                                                                                        + "/rend-edge")));
                            });

            // The real DaemonSet controller places the pod, the real kubelet runs rend-edge, its
            // /readyz passes.
            await().atMost(Duration.ofMinutes(3))
                    .untilAsserted(
                            () -> {
                                Pod pod = edgePod(namespace);
                                assertThat(pod).isNotNull();
                                assertThat(pod.getSpec().getNodeName()).isEqualTo(node);
                                assertThat(ready(pod)).isTrue();
                                assertThat(
                                                RegionOnRealApiServerIT.listedAddresses(
                                                        dnsEndpoint(namespace)))
                                        .containsExactly(PUBLIC_ADDRESS);
                            });
            String firstPod = edgePod(namespace).getMetadata().getUid();
            assertThat(log.indexOf("pod-ready:" + firstPod))
                    .as("listed only after the pod was ready: %s", log)
                    .isNotNegative()
                    .isLessThan(log.indexOf("dns:listed"));
            assertThat(client.nodes().withName(node).get().getMetadata().getLabels())
                    .containsEntry(ResourceNames.NODE_EDGE_LABEL, "true")
                    .containsEntry(ResourceNames.NODE_REGION_LABEL, "k3s");

            log.clear();
            client.resources(RendRegion.class)
                    .inNamespace(namespace)
                    .withName("k3s")
                    .edit(
                            r -> {
                                r.getSpec().edge.image = EDGE_IMAGE_NEXT;
                                return r;
                            });
            await().atMost(Duration.ofMinutes(3))
                    .untilAsserted(
                            () -> {
                                Pod pod = edgePod(namespace);
                                assertThat(pod).isNotNull();
                                assertThat(pod.getMetadata().getUid()).isNotEqualTo(firstPod);
                                assertThat(pod.getSpec().getContainers().get(0).getImage())
                                        .isEqualTo(EDGE_IMAGE_NEXT);
                                assertThat(ready(pod)).isTrue();
                                assertThat(
                                                RegionOnRealApiServerIT.listedAddresses(
                                                        dnsEndpoint(namespace)))
                                        .containsExactly(PUBLIC_ADDRESS);
                                RendRegion current =
                                        client.resources(RendRegion.class)
                                                .inNamespace(namespace)
                                                .withName("k3s")
                                                .get();
                                assertThat(
                                                Conditions.isTrue(
                                                        current.getStatus().conditions,
                                                        Conditions.READY))
                                        .isTrue();
                                assertThat(current.getStatus().observedGeneration)
                                        .isEqualTo(current.getMetadata().getGeneration());
                            });
            // Out of DNS → old pod goes → new pod ready → back in DNS, and never listed in between.
            String secondPod = edgePod(namespace).getMetadata().getUid();
            int withdrawn = log.indexOf("dns:withdrawn");
            int leaving = log.indexOf("pod-leaving:" + firstPod);
            int readyAgain = log.indexOf("pod-ready:" + secondPod);
            int relisted = log.lastIndexOf("dns:listed");
            assertThat(List.of(withdrawn, leaving, readyAgain, relisted))
                    .as("rollout order in %s", log)
                    .doesNotContain(-1)
                    .isSorted();
            assertThat(log.subList(withdrawn, readyAgain))
                    .as("not listed while replaced: %s", log)
                    .doesNotContain("dns:listed");

            client.resources(RendRegion.class).inNamespace(namespace).withName("k3s").delete();
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(
                            () -> {
                                assertThat(
                                                KubeApiServerHarness.edgeDaemonSet(
                                                        client, namespace, "k3s"))
                                        .isNull();
                                assertThat(dnsEndpoint(namespace)).isNull();
                                assertThat(edgePod(namespace)).isNull();
                            });
        }
    }

    @Test
    void anEncodingPoolsWorkersFollowTheQueueOnTheRealDeploymentController() {
        String namespace = namespace("pool");
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
        AtomicLong depth = new AtomicLong();
        try (OperatorUnderTest operator =
                new OperatorUnderTest(operatorClient, namespace, url -> depth.get())) {
            PoolScaling scaling = new PoolScaling(1, 10, 4, 2);
            scaling.scaler = ScalerKind.BuiltIn;
            scaling.pollIntervalSeconds = 1;
            RendEncodingPool pool = Fixtures.pool(namespace, "encode", scaling);
            pool.getMetadata().setUid(null);
            pool.getMetadata().setGeneration(null);
            client.resource(pool).create();
            for (long[] step : new long[][] {{0, 1}, {7, 2}, {100, 10}}) {
                depth.set(step[0]);
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> {
                                    var workers =
                                            client.apps()
                                                    .deployments()
                                                    .inNamespace(namespace)
                                                    .withName(
                                                            ResourceNames.workerDeployment(
                                                                    "encode"))
                                                    .get();
                                    assertThat(workers).isNotNull();
                                    assertThat(workers.getSpec().getReplicas())
                                            .isEqualTo((int) step[1]);
                                    // The real Deployment controller made that many pods (they
                                    // cannot pull the image here).
                                    assertThat(workers.getStatus()).isNotNull();
                                    assertThat(workers.getStatus().getReplicas())
                                            .isEqualTo((int) step[1]);
                                });
            }
        }
    }

    private static Pod edgePod(String namespace) {
        return client
                .pods()
                .inNamespace(namespace)
                .withLabel(ResourceNames.APP_NAME_LABEL, ResourceNames.EDGE_APP)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .findFirst()
                .orElse(null);
    }

    private static boolean ready(Pod pod) {
        return FakeKubelet.isReady(pod);
    }

    private static GenericKubernetesResource dnsEndpoint(String namespace) {
        return client.genericKubernetesResources(
                        ResourceNames.DNS_ENDPOINT_API_VERSION, ResourceNames.DNS_ENDPOINT_KIND)
                .inNamespace(namespace)
                .withName(ResourceNames.dnsEndpoint("k3s"))
                .get();
    }
}
