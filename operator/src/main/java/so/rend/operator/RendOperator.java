package so.rend.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.operator.reconciler.EdgeWarmer;
import so.rend.operator.reconciler.HttpEdgeWarmer;
import so.rend.operator.reconciler.JdbcQueueDepth;
import so.rend.operator.reconciler.QueueDepthSource;
import so.rend.operator.reconciler.RendEdgeNodeReconciler;
import so.rend.operator.reconciler.RendEncodingPoolReconciler;
import so.rend.operator.reconciler.RendRegionReconciler;

/**
 * The operator process: the three reconcilers on one JOSDK {@link Operator}, leader election when
 * more than one replica runs, {@code /healthz} + {@code /readyz} for the kubelet and {@code
 * /metrics} (JOSDK's reconcile metrics, Prometheus text format).
 *
 * <p>Environment: {@code REND_OPERATOR_HEALTH_PORT} (default 8081), {@code REND_OPERATOR_NAMESPACE}
 * (the lease's namespace; leader election is off when unset), {@code
 * REND_OPERATOR_WARM_TIMEOUT_SECS} (default 120), {@code REND_OPERATOR_WATCH_NAMESPACES}
 * (comma-separated; unset: all namespaces).
 */
public final class RendOperator {
    private static final Logger log = LoggerFactory.getLogger(RendOperator.class);
    public static final String LEASE_NAME = "rend-operator";

    /**
     * What differs between a cluster, a test on a real API server and a test on the mock server.
     */
    public record Settings(
            boolean serverSideApply,
            LeaderElectionConfiguration leaderElection,
            EdgeWarmer warmer,
            QueueDepthSource queueDepth,
            Clock clock,
            MeterRegistry metrics,
            Set<String> namespaces) {

        public Settings(
                boolean serverSideApply,
                LeaderElectionConfiguration leaderElection,
                EdgeWarmer warmer,
                QueueDepthSource queueDepth,
                Clock clock) {
            this(serverSideApply, leaderElection, warmer, queueDepth, clock, null, Set.of());
        }

        /** Only these namespaces (empty: all). */
        public Settings watching(Set<String> watched) {
            return new Settings(
                    serverSideApply,
                    leaderElection,
                    warmer,
                    queueDepth,
                    clock,
                    metrics,
                    Set.copyOf(watched));
        }
    }

    private RendOperator() {}

    public static Operator create(KubernetesClient client, Settings settings) {
        Operator operator =
                new Operator(
                        o -> {
                            o.withKubernetesClient(client)
                                    .withCloseClientOnStop(false)
                                    .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                                    .withSSABasedCreateUpdateMatchForDependentResources(
                                            settings.serverSideApply())
                                    .withStopOnInformerErrorDuringStartup(true)
                                    .withCacheSyncTimeout(Duration.ofSeconds(60));
                            if (settings.metrics() != null) {
                                o.withMetrics(
                                        MicrometerMetrics.newMicrometerMetricsBuilder(
                                                        settings.metrics())
                                                .notCollectingMetricsPerResource()
                                                .build());
                            }
                            if (settings.leaderElection() != null) {
                                o.withLeaderElectionConfiguration(settings.leaderElection());
                            }
                        });
        Set<String> namespaces = settings.namespaces() == null ? Set.of() : settings.namespaces();
        operator.register(
                new RendEdgeNodeReconciler(client, settings.clock()), o -> watch(o, namespaces));
        operator.register(
                new RendRegionReconciler(client, settings.warmer(), settings.clock()),
                o -> watch(o, namespaces));
        operator.register(
                new RendEncodingPoolReconciler(client, settings.queueDepth(), settings.clock()),
                o -> watch(o, namespaces));
        return operator;
    }

    private static void watch(
            ControllerConfigurationOverrider<?> controller, Set<String> namespaces) {
        if (!namespaces.isEmpty()) {
            controller.settingNamespaces(namespaces);
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        int healthPort = Integer.parseInt(env.getOrDefault("REND_OPERATOR_HEALTH_PORT", "8081"));
        Duration warmTimeout =
                Duration.ofSeconds(
                        Long.parseLong(env.getOrDefault("REND_OPERATOR_WARM_TIMEOUT_SECS", "120")));
        String namespace = env.get("REND_OPERATOR_NAMESPACE");
        LeaderElectionConfiguration leaderElection =
                namespace == null || namespace.isBlank()
                        ? null
                        : new LeaderElectionConfiguration(LEASE_NAME, namespace);

        KubernetesClient client = new KubernetesClientBuilder().build();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Set<String> watched =
                Arrays.stream(env.getOrDefault("REND_OPERATOR_WATCH_NAMESPACES", "").split(","))
                        .map(String::trim)
                        .filter(n -> !n.isEmpty())
                        .collect(Collectors.toSet());
        Operator operator =
                create(
                        client,
                        new Settings(
                                true,
                                leaderElection,
                                new HttpEdgeWarmer(warmTimeout),
                                new JdbcQueueDepth(),
                                Clock.systemUTC(),
                                metrics,
                                watched));
        OperatorHealth health = OperatorHealth.start(healthPort, operator, metrics);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    health.stop();
                                    operator.stop();
                                    client.close();
                                },
                                "rend-operator-shutdown"));
        operator.start();
        log.info(
                "rend-operator started; health on :{}{}",
                healthPort,
                leaderElection == null ? "" : ", leader election in namespace " + namespace);
    }
}
