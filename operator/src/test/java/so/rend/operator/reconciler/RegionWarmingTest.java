package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.RegionNodeStatus;
import so.rend.operator.customresource.RendRegion;
import so.rend.operator.model.RegionRollout.NodeStep;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;

/**
 * Warming in the background: a reconcile starts a node's warm-up and returns at once, later ones
 * report its progress, and the one after it finished records the warmed template. (The real edge
 * and API server are in RegionOnRealApiServerIT; here the edge is a latch.)
 */
class RegionWarmingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Events go nowhere: no API server listens there, and the publisher only logs that. */
    private final KubernetesClient nowhere =
            new KubernetesClientBuilder()
                    .withConfig(
                            new ConfigBuilder(Config.empty())
                                    .withMasterUrl("http://127.0.0.1:1")
                                    .withRequestRetryBackoffLimit(0)
                                    .build())
                    .build();

    private final RendRegion region = Fixtures.region("ns", "ams", "ghcr.io/rend/edge:1");

    @AfterEach
    void close() {
        nowhere.close();
    }

    @Test
    void aReconcileStartsWarmingAndReturnsWithoutWaitingForTheEdge() throws Exception {
        region.getSpec().rollout.warmAssets = List.of("a1", "a2", "a3");
        CountDownLatch edge = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        RegionWarming warming =
                new RegionWarming(
                        r -> "token",
                        (address, port, token, asset, paths) -> {
                            asked.incrementAndGet();
                            if (asset.equals("a2")) {
                                assertThat(edge.await(30, TimeUnit.SECONDS)).isTrue();
                            }
                        },
                        new EventPublisher(nowhere, Clock.systemUTC()));
        Map<String, RegionNodeStatus> nodeStatus = new HashMap<>();
        Map<String, Pod> pods = Map.of("n1", pod("uid-1", "10.0.0.1"));

        long started = System.nanoTime();
        var first = warming.warm(region, warm("n1"), pods, nodeStatus);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(first.errors()).isEmpty();
        assertThat(first.progress()).containsKey("n1");

        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> warming.warm(region, warm("n1"), pods, nodeStatus).progress(),
                        p -> "1/3 assets".equals(p.get("n1")));
        assertThat(nodeStatus).isEmpty();

        edge.countDown();
        awaitWarmed(warming, pods, nodeStatus);
        assertThat(asked).hasValue(3);
    }

    @Test
    void aFailedWarmUpIsReportedAndTriedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        RegionWarming warming =
                new RegionWarming(
                        r -> "token",
                        (address, port, token, asset, paths) -> {
                            if (attempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("edge answered 503");
                            }
                        },
                        new EventPublisher(nowhere, Clock.systemUTC()));
        region.getSpec().rollout.warmAssets = List.of("a1");
        Map<String, RegionNodeStatus> nodeStatus = new HashMap<>();
        Map<String, Pod> pods = Map.of("n1", pod("uid-1", "10.0.0.1"));

        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> warming.warm(region, warm("n1"), pods, nodeStatus).errors(),
                        e -> "edge answered 503".equals(e.get("n1")));
        awaitWarmed(warming, pods, nodeStatus);
        assertThat(warming.warm(region, warm("n1"), pods, nodeStatus).errors()).isEmpty();
    }

    @Test
    void aNodeWithoutTokenOrAddressIsReportedAndNotStarted() {
        AtomicInteger asked = new AtomicInteger();
        EdgeWarmer counting = (address, port, token, asset, paths) -> asked.incrementAndGet();
        region.getSpec().rollout.warmAssets = List.of("a1");
        var noToken =
                new RegionWarming(
                                r -> null, counting, new EventPublisher(nowhere, Clock.systemUTC()))
                        .warm(
                                region,
                                warm("n1"),
                                Map.of("n1", pod("u", "10.0.0.1")),
                                new HashMap<>());
        assertThat(noToken.errors().get("n1")).contains("has no key token");

        var noAddress =
                new RegionWarming(
                                r -> "token",
                                counting,
                                new EventPublisher(nowhere, Clock.systemUTC()))
                        .warm(region, warm("n1"), Map.of("n1", pod("u", null)), new HashMap<>());
        assertThat(noAddress.errors().get("n1")).contains("has no IP yet");
        assertThat(asked).hasValue(0);
    }

    /** Reconciles (warm calls) until node n1's status records template h1 as warmed. */
    private void awaitWarmed(
            RegionWarming warming,
            Map<String, Pod> pods,
            Map<String, RegionNodeStatus> nodeStatus) {
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            warming.warm(region, warm("n1"), pods, nodeStatus);
                            return nodeStatus.get("n1");
                        },
                        s -> s != null && "h1".equals(s.warmedTemplateHash));
    }

    private static Plan warm(String... nodes) {
        List<NodeStep> steps =
                java.util.Arrays.stream(nodes)
                        .map(n -> new NodeStep(n, Phase.Warming, T0, "h1", "h1", false))
                        .toList();
        return new Plan(Set.of(), List.of(), List.of(nodes), steps, false, List.of());
    }

    private static Pod pod(String uid, String ip) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("edge-" + uid)
                .withUid(uid)
                .endMetadata()
                .withNewStatus()
                .withPodIP(ip)
                .endStatus()
                .build();
    }
}
