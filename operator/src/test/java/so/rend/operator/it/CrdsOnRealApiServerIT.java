package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.CacheDevice;
import so.rend.operator.customresource.HomeRegionApi;
import so.rend.operator.customresource.ImagePullPolicy;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEdgeNode;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.RendRegion;

/**
 * The checked-in CRDs on a real kube-apiserver: they install, explain themselves and reject bad
 * input.
 */
class CrdsOnRealApiServerIT {
    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void apiServer() {
        client = KubeApiServerHarness.client();
        namespace = KubeApiServerHarness.namespace("crds");
    }

    @Test
    void serverSideApplyOfTheCrdsFolderSucceedsAgain() {
        var result =
                KubeApiServerHarness.kubectl(
                        "apply",
                        "--server-side",
                        "-f",
                        java.nio.file.Path.of(System.getProperty("rend.crds.dir", "../crds"))
                                .toAbsolutePath()
                                .toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("rendregions.rend.so serverside-applied")
                .contains("rendedgenodes.rend.so serverside-applied")
                .contains("rendencodingpools.rend.so serverside-applied");
    }

    @Test
    void kubectlExplainShowsTheDescriptions() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            var spec = KubeApiServerHarness.kubectl("explain", "rendregion.spec");
                            assertThat(spec.exitCode()).as(spec.output()).isZero();
                            assertThat(spec.output())
                                    .contains("A delivery region")
                                    .contains("geography")
                                    .contains("Where the viewers this region serves are")
                                    .contains("-required-");
                        });
        var rollout =
                KubeApiServerHarness.kubectl("explain", "rendregion.spec.rollout.maxUnavailable");
        assertThat(rollout.output()).contains("Most edge nodes of the region out of DNS");
        var edge = KubeApiServerHarness.kubectl("explain", "rendedgenode.spec.cacheDevices");
        assertThat(edge.output()).contains("hostPath").contains("sizeGiB");
    }

    @Test
    void validCustomResourcesAreAccepted() {
        client.resource(Fixtures.region(namespace, "valid", "ghcr.io/rend/edge:1")).create();
        client.resource(
                        Fixtures.edgeNode(
                                namespace, "valid-node", "valid", "203.0.113.7", "/mnt/nvme0/rend"))
                .create();
        client.resource(Fixtures.pool(namespace, "valid", new PoolScaling(1, 10, 4, 300))).create();
        RendRegion stored =
                client.resources(RendRegion.class).inNamespace(namespace).withName("valid").get();
        assertThat(stored.getSpec().rollout.maxUnavailable).isEqualTo(1);
        assertThat(stored.getSpec().dns.ttlSeconds).isEqualTo(60);
    }

    /** The example in examples/ is what the README points people at: it must apply as written. */
    @Test
    void theExampleAppliesAsWritten() {
        String exampleNamespace = KubeApiServerHarness.namespace("example");
        var applied =
                KubeApiServerHarness.kubectl(
                        "apply",
                        "--server-side",
                        "-n",
                        exampleNamespace,
                        "-f",
                        java.nio.file.Path.of(
                                        System.getProperty("rend.examples.dir", "../examples"),
                                        "frankfurt.yaml")
                                .toAbsolutePath()
                                .toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        RendRegion region =
                client.resources(RendRegion.class)
                        .inNamespace(exampleNamespace)
                        .withName("fra")
                        .get();
        assertThat(region.getSpec().edge.originSecretName).isEqualTo("rend-origin");
        assertThat(
                        client.resources(RendEdgeNode.class)
                                .inNamespace(exampleNamespace)
                                .list()
                                .getItems())
                .hasSize(2);
        assertThat(
                        client.resources(RendEncodingPool.class)
                                .inNamespace(exampleNamespace)
                                .withName("encode")
                                .get()
                                .getSpec()
                                .scaling
                                .jobsPerReplica)
                .isEqualTo(4);
    }

    @Test
    void edgeNodeWithoutRegionIsRejected() {
        RendEdgeNode edge =
                Fixtures.edgeNode(namespace, "no-region", "x", "203.0.113.7", "/mnt/nvme0/rend");
        edge.getSpec().region = null;
        assertRejected(() -> client.resource(edge).create(), "spec.region: Required value");
    }

    @Test
    void regionWithoutAnOriginIsRejected() {
        RendRegion region = Fixtures.region(namespace, "no-origin", "ghcr.io/rend/edge:1");
        region.getSpec().edge.originSecretName = null;
        assertRejected(
                () -> client.resource(region).create(),
                "spec.edge.originSecretName: Required value");
    }

    @Test
    void negativeCacheSizeIsRejected() {
        RendEdgeNode edge = Fixtures.edgeNode(namespace, "negative", "fra", "203.0.113.7");
        edge.getSpec().cacheDevices = List.of(new CacheDevice("/mnt/nvme0/rend", -5));
        assertRejected(() -> client.resource(edge).create(), "sizeGiB");
    }

    @Test
    void relativeCachePathIsRejected() {
        RendEdgeNode edge =
                Fixtures.edgeNode(namespace, "relative", "fra", "203.0.113.7", "mnt/nvme0");
        assertRejected(() -> client.resource(edge).create(), "cacheDevices[0].path");
    }

    @Test
    void cachePathsOnSystemDirectoriesOrWithDotSegmentsAreRejectedByCelRules() {
        List<String> refused =
                List.of(
                        "/",
                        "/etc",
                        "/etc/rend",
                        "/var/lib",
                        "/var/lib/",
                        "/var/lib/kubelet/pods",
                        "/usr/local/rend",
                        "//etc",
                        "/mnt",
                        "/mnt/nvme0/../../etc",
                        "/mnt/nvme0/./rend",
                        "/mnt/nvme0/..",
                        "/proc/self",
                        "/root/cache");
        int i = 0;
        for (String path : refused) {
            RendEdgeNode edge =
                    Fixtures.edgeNode(namespace, "system-" + i++, "fra", "203.0.113.7", path);
            assertRejected(() -> client.resource(edge).create(), "cache path");
        }
        List<String> accepted =
                List.of("/mnt/nvme0/rend", "/var/lib/rend", "/data/cache", "/srv/rend..d");
        for (String path : accepted) {
            RendEdgeNode edge =
                    Fixtures.edgeNode(namespace, "dedicated-" + i++, "fra", "203.0.113.7", path);
            assertThat(client.resource(edge).create().getSpec().cacheDevices.get(0).path)
                    .isEqualTo(path);
        }
    }

    @Test
    void unknownEnumValueIsRejected() {
        RendRegion region = Fixtures.region(namespace, "bad-enum", "ghcr.io/rend/edge:1");
        region.getSpec().edge.imagePullPolicy = null;
        var json =
                io.fabric8.kubernetes.client.utils.Serialization.asJson(region)
                        .replace(
                                "\"image\":\"ghcr.io/rend/edge:1\"",
                                "\"image\":\"ghcr.io/rend/edge:1\",\"imagePullPolicy\":\"Sometimes\"");
        var generic =
                io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                        json, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        assertRejected(
                () ->
                        client.genericKubernetesResources("rend.so/v1alpha1", "RendRegion")
                                .inNamespace(namespace)
                                .resource(generic)
                                .create(),
                "Unsupported value: \"Sometimes\"");
        assertThat(ImagePullPolicy.values()).hasSize(3);
    }

    @Test
    void regionWithoutGeographyIsRejectedByItsCelRule() {
        RendRegion region = Fixtures.region(namespace, "nowhere", "ghcr.io/rend/edge:1");
        region.getSpec().geography.countries.clear();
        region.getSpec().geography.continents.clear();
        assertRejected(
                () -> client.resource(region).create(), "name at least one country or continent");
    }

    @Test
    void lowercaseCountryIsRejected() {
        RendRegion region = Fixtures.region(namespace, "lowercase", "ghcr.io/rend/edge:1");
        region.getSpec().geography.countries.set(0, "de");
        assertRejected(() -> client.resource(region).create(), "geography.countries[0]");
    }

    @Test
    void poolWithMinAboveMaxIsRejected() {
        RendEncodingPool pool = Fixtures.pool(namespace, "inverted", new PoolScaling(5, 2, 4, 300));
        assertRejected(
                () -> client.resource(pool).create(), "minReplicas must not exceed maxReplicas");
    }

    @Test
    void zeroMaxUnavailableIsRejected() {
        RendRegion region = Fixtures.region(namespace, "stuck", "ghcr.io/rend/edge:1");
        region.getSpec().rollout.maxUnavailable = 0;
        assertRejected(() -> client.resource(region).create(), "maxUnavailable");
    }

    @Test
    void anEdgeWhoseInternalPortIsItsPublicPortIsRejectedByItsCelRule() {
        RendRegion region = Fixtures.region(namespace, "same-ports", "ghcr.io/rend/edge:1");
        region.getSpec().edge.internalPort = region.getSpec().edge.port;
        assertRejected(() -> client.resource(region).create(), "port and internalPort must differ");
    }

    @Test
    void imagesArePinnedByATagOrADigest() {
        String digest = "@sha256:" + "0123456789abcdef".repeat(4);
        List<String> refused =
                List.of(
                        "rend-edge",
                        "ghcr.io/rend/edge",
                        "ghcr.io/rend/edge:latest",
                        "ghcr.io/rend/edge@sha256:abc",
                        "Ghcr.io/Rend/edge:1",
                        "ghcr.io/rend/edge:1 --privileged",
                        "../edge:1",
                        "ghcr.io//edge:1",
                        "ghcr.io/rend/edge:-1");
        int i = 0;
        for (String image : refused) {
            RendRegion region = Fixtures.region(namespace, "image-" + i++, image);
            region.getMetadata().setUid(null);
            region.getMetadata().setGeneration(null);
            assertRejected(() -> client.resource(region).create(), "spec.edge.image");
        }
        List<String> accepted =
                List.of(
                        "ghcr.io/rend/edge:1",
                        "registry.example.com:5000/rend/rend-edge:0.1.0-SNAPSHOT",
                        "rend-edge:test",
                        "ghcr.io/rend/edge" + digest,
                        "ghcr.io/rend/edge:1.2" + digest);
        for (String image : accepted) {
            RendRegion region = Fixtures.region(namespace, "image-" + i++, image);
            region.getMetadata().setUid(null);
            region.getMetadata().setGeneration(null);
            assertThat(client.resource(region).create().getSpec().edge.image).isEqualTo(image);
        }
        RendEncodingPool pool = Fixtures.pool(namespace, "unpinned", new PoolScaling(1, 2, 1, 0));
        pool.getSpec().image = "ghcr.io/rend/worker:latest";
        pool.getMetadata().setUid(null);
        pool.getMetadata().setGeneration(null);
        assertRejected(() -> client.resource(pool).create(), "not :latest");
        RendRegion home = Fixtures.region(namespace, "unpinned-api", "ghcr.io/rend/edge:1");
        home.getSpec().api = new HomeRegionApi();
        home.getSpec().api.image = "ghcr.io/rend/api";
        home.getMetadata().setUid(null);
        home.getMetadata().setGeneration(null);
        assertRejected(() -> client.resource(home).create(), "spec.api.image");
    }

    private static void assertRejected(Runnable create, String message) {
        assertThatThrownBy(create::run)
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(
                        e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
                .hasMessageContaining(message);
    }
}
