package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.migrations.RendSchema;
import so.rend.operator.Fixtures;
import so.rend.operator.MediaJobRows;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.ScalerKind;
import so.rend.operator.model.ResourceNames;
import so.rend.operator.reconciler.JdbcQueueDepth;

/**
 * The built-in scaler end to end on a real media job queue: the operator reads the depth from a
 * PostgreSQL with Rend's schema through the pool's database Secret. Jobs that cannot run yet (100
 * object removals waiting out the delete grace) ask for no worker; runnable ones do.
 */
class PoolOnRealQueueIT {
    private static final KubernetesClient client = KubeApiServerHarness.client();
    private static EmbeddedPostgresServer postgres;
    private static OperatorUnderTest operator;
    private static String namespace;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.startTemporary();
        RendSchema.migrate(
                postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        namespace = KubeApiServerHarness.namespace("queue");
        client.secrets()
                .inNamespace(namespace)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("rend-database")
                                .endMetadata()
                                .addToStringData("url", postgres.url())
                                .build())
                .create();
        operator =
                new OperatorUnderTest(
                        KubeApiServerHarness.operatorClient(), namespace, new JdbcQueueDepth());
    }

    @AfterAll
    static void stop() {
        operator.close();
        postgres.close();
    }

    @Test
    void delayedJobsAskForNoWorkersAndRunnableOnesDo() throws Exception {
        try (Connection db =
                DriverManager.getConnection(
                        postgres.jdbcUrl(),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD)) {
            UUID account = MediaJobRows.account(db, "pool-queue");
            for (int i = 0; i < 100; i++) {
                MediaJobRows.job(
                        db, account, "delete_asset_objects", "queued", "now() + interval '1 hour'");
            }
            PoolScaling scaling = new PoolScaling(1, 100, 4, 0);
            scaling.scaler = ScalerKind.BuiltIn;
            scaling.pollIntervalSeconds = 1;
            RendEncodingPool pool = Fixtures.pool(namespace, "media", scaling);
            pool.getMetadata().setUid(null);
            pool.getMetadata().setGeneration(null);
            client.resource(pool).create();

            // Ten polls or more: the depth read is 0 every time and the workers stay at one.
            Set<Integer> replicasSeen = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> queueDepth() != null);
            await().during(Duration.ofSeconds(10))
                    .atMost(Duration.ofSeconds(15))
                    .until(
                            () -> {
                                replicasSeen.add(replicas());
                                return queueDepth() == 0L;
                            });
            assertThat(replicasSeen).containsExactly(1);

            for (int i = 0; i < 8; i++) {
                MediaJobRows.job(db, account, "process_asset", "queued", "now()");
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Long.valueOf(8).equals(queueDepth()) && replicas() == 2);
        }
    }

    private static Long queueDepth() {
        RendEncodingPool pool =
                client.resources(RendEncodingPool.class)
                        .inNamespace(namespace)
                        .withName("media")
                        .get();
        return pool.getStatus() == null ? null : pool.getStatus().queueDepth;
    }

    private static int replicas() {
        return client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(ResourceNames.workerDeployment("media"))
                .get()
                .getSpec()
                .getReplicas();
    }
}
