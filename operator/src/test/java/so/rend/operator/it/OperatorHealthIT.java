package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import so.rend.operator.OperatorHealth;
import so.rend.operator.RendOperator;
import so.rend.operator.reconciler.HttpEdgeWarmer;
import so.rend.operator.reconciler.JdbcQueueDepth;

/** The operator process's probes, against a real kube-apiserver. */
class OperatorHealthIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private int get(int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void readyOnlyOnceStartedWithEveryInformerConnectedAndReconcilesShowInTheMetrics()
            throws Exception {
        String namespace = KubeApiServerHarness.namespace("health");
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Operator operator =
                RendOperator.create(
                        KubeApiServerHarness.operatorClient(),
                        new RendOperator.Settings(
                                true,
                                null,
                                new HttpEdgeWarmer(Duration.ofSeconds(5)),
                                new JdbcQueueDepth(),
                                Clock.systemUTC(),
                                metrics,
                                java.util.Set.of(namespace)));
        OperatorHealth health = OperatorHealth.start(0, operator, metrics);
        try {
            assertThat(get(health.port(), "/healthz")).isEqualTo(200);
            assertThat(get(health.port(), "/readyz")).isEqualTo(503);
            operator.start();
            assertThat(get(health.port(), "/readyz")).isEqualTo(200);

            // A reconcile shows in the metrics.
            var pool =
                    so.rend.operator.Fixtures.pool(
                            namespace,
                            "metrics",
                            new so.rend.operator.customresource.PoolScaling(1, 2, 4, 0));
            pool.getMetadata().setUid(null);
            pool.getMetadata().setGeneration(null);
            KubeApiServerHarness.client().resource(pool).create();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> {
                                var response =
                                        http.send(
                                                HttpRequest.newBuilder(
                                                                URI.create(
                                                                        "http://127.0.0.1:"
                                                                                + health.port()
                                                                                + "/metrics"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString());
                                assertThat(response.statusCode()).isEqualTo(200);
                                assertThat(response.body())
                                        .contains("operator_sdk_reconciliations_started_total")
                                        .contains("rendencodingpool");
                            });
        } finally {
            operator.stop();
            health.stop();
        }
    }

    @Test
    void theOperatorsIdentityIsBoundByRbacAlone() {
        var asOperator = KubeApiServerHarness.operatorClient();
        assertThat(asOperator.pods().inNamespace("default").list().getItems()).isNotNull();
        assertThatThrownBy(() -> asOperator.configMaps().inNamespace("default").list())
                .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .satisfies(
                        e ->
                                assertThat(
                                                ((io.fabric8.kubernetes.client
                                                                        .KubernetesClientException)
                                                                e)
                                                        .getCode())
                                        .isEqualTo(403));
    }

    @Test
    void withLeaderElectionTheOperatorTakesTheLeaseAndThenReconciles() {
        String namespace = KubeApiServerHarness.namespace("leader");
        Operator operator =
                RendOperator.create(
                        KubeApiServerHarness.operatorClient(),
                        new RendOperator.Settings(
                                        true,
                                        electing(RendOperator.LEASE_NAME, null),
                                        new HttpEdgeWarmer(Duration.ofSeconds(5)),
                                        url -> 9,
                                        Clock.systemUTC())
                                .watching(java.util.Set.of(namespace)));
        operator.start();
        try {
            var client = KubeApiServerHarness.client();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> {
                                var lease =
                                        client.leases()
                                                .inNamespace("rend-system")
                                                .withName(RendOperator.LEASE_NAME)
                                                .get();
                                assertThat(lease).isNotNull();
                                assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
                            });
            client.secrets()
                    .inNamespace(namespace)
                    .resource(
                            new io.fabric8.kubernetes.api.model.SecretBuilder()
                                    .withNewMetadata()
                                    .withName("rend-database")
                                    .endMetadata()
                                    .addToStringData("url", "postgresql://db/rend")
                                    .build())
                    .create();
            var scaling = new so.rend.operator.customresource.PoolScaling(1, 10, 4, 0);
            scaling.scaler = so.rend.operator.customresource.ScalerKind.BuiltIn;
            var pool = so.rend.operator.Fixtures.pool(namespace, "leader", scaling);
            pool.getMetadata().setUid(null);
            pool.getMetadata().setGeneration(null);
            client.resource(pool).create();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                var d =
                                        client.apps()
                                                .deployments()
                                                .inNamespace(namespace)
                                                .withName("leader-worker")
                                                .get();
                                return d != null
                                        && Integer.valueOf(3).equals(d.getSpec().getReplicas());
                            });
        } finally {
            operator.stop();
        }
    }

    /**
     * With two replicas (the chart's operator.replicas=2) one leads and one waits. The one waiting
     * must still be ready, as controller-runtime's standbys are, or a Deployment rollout never
     * completes.
     */
    @Test
    void aStandbyReplicaIsReadyWhileAnotherLeads() throws Exception {
        String namespace = KubeApiServerHarness.namespace("standby");
        String lease = "rend-operator-standby-test";
        Operator leader =
                RendOperator.create(
                        KubeApiServerHarness.operatorClient(),
                        new RendOperator.Settings(
                                        true,
                                        electing(lease, "replica-a"),
                                        new HttpEdgeWarmer(Duration.ofSeconds(5)),
                                        url -> 0,
                                        Clock.systemUTC())
                                .watching(java.util.Set.of(namespace)));
        Operator standby =
                RendOperator.create(
                        KubeApiServerHarness.operatorClient(),
                        new RendOperator.Settings(
                                        true,
                                        electing(lease, "replica-b"),
                                        new HttpEdgeWarmer(Duration.ofSeconds(5)),
                                        url -> 0,
                                        Clock.systemUTC())
                                .watching(java.util.Set.of(namespace)));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorHealth standbyHealth = OperatorHealth.start(0, standby, metrics);
        leader.start();
        try {
            var client = KubeApiServerHarness.client();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    client.leases()
                                                            .inNamespace("rend-system")
                                                            .withName(lease)
                                                            .get()
                                                            .getSpec()
                                                            .getHolderIdentity())
                                            .isEqualTo("replica-a"));
            standby.start();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(get(standbyHealth.port(), "/readyz")).isEqualTo(200));
            assertThat(
                            client.leases()
                                    .inNamespace("rend-system")
                                    .withName(lease)
                                    .get()
                                    .getSpec()
                                    .getHolderIdentity())
                    .as("the standby did not take the lease")
                    .isEqualTo("replica-a");
        } finally {
            standby.stop();
            leader.stop();
            standbyHealth.stop();
        }
    }

    private static LeaderElectionConfiguration electing(String lease, String identity) {
        // As in production but for exitOnStopLeading: stopping here must not end the test JVM.
        return new LeaderElectionConfiguration(
                lease,
                "rend-system",
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                identity,
                null,
                false);
    }
}
