package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.RendOperator;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.ScalerKind;
import so.rend.operator.model.ResourceNames;

/**
 * The operator on Fabric8's mock API server (CRUD mode): fast, no binaries, but no server-side
 * apply, so JOSDK is set to patch status with JSON merge patches here.
 */
@EnableKubernetesMockClient(crud = true)
class EncodingPoolOnMockServerTest {
    static KubernetesClient client;
    private Operator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
    }

    @Test
    void builtInScalerSetsWorkerReplicasFromTheQueueDepth() throws Exception {
        try (InputStream crd =
                Files.newInputStream(
                        Path.of(
                                System.getProperty("rend.crds.dir", "../crds"),
                                "rendencodingpools.rend.so.yaml"))) {
            client.resource(
                            client.apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .load(crd)
                                    .item())
                    .create();
        }
        client.secrets()
                .inNamespace("media")
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-database")
                                .endMetadata()
                                .addToStringData("url", "postgresql://db/rend")
                                .build())
                .create();
        AtomicLong depth = new AtomicLong(7);
        operator =
                RendOperator.create(
                        client,
                        new RendOperator.Settings(
                                false,
                                null,
                                (address, port, token, asset, paths) -> {},
                                url -> depth.get(),
                                Clock.systemUTC()));
        operator.start();

        PoolScaling scaling = new PoolScaling(1, 10, 4, 0);
        scaling.scaler = ScalerKind.BuiltIn;
        scaling.pollIntervalSeconds = 1;
        client.resource(Fixtures.pool("media", "default", scaling)).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 2);
        depth.set(100);
        await().atMost(Duration.ofSeconds(20)).until(() -> replicas() == 10);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> {
                            RendEncodingPool pool =
                                    client.resources(RendEncodingPool.class)
                                            .inNamespace("media")
                                            .withName("default")
                                            .get();
                            assertThat(pool.getStatus()).isNotNull();
                            assertThat(pool.getStatus().queueDepth).isEqualTo(100);
                            assertThat(pool.getStatus().scaler).isEqualTo("builtin");
                        });
    }

    private static int replicas() {
        Deployment d =
                client.apps()
                        .deployments()
                        .inNamespace("media")
                        .withName(ResourceNames.workerDeployment("default"))
                        .get();
        return d == null ? -1 : d.getSpec().getReplicas();
    }
}
