package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import so.rend.operator.Fixtures;
import so.rend.operator.customresource.PoolScaling;
import so.rend.operator.customresource.RendEncodingPool;
import so.rend.operator.customresource.ScalerKind;
import so.rend.operator.model.ResourceNames;

/**
 * The chart's namespaced mode on the real kube-apiserver: a release with {@code
 * operator.watchNamespaces} gives its ServiceAccount rights in the watched namespace only (a Role
 * and RoleBinding there; cluster-wide nothing but Nodes and reading CRDs), and an operator running
 * as that ServiceAccount still reconciles what is in the watched namespace.
 */
class NamespacedChartOnRealApiServerIT {
    private final KubernetesClient client = KubeApiServerHarness.client();

    @Test
    void withWatchNamespacesTheOperatorMayReadSecretsOnlyThereAndStillRunsAPoolThere() {
        String releaseNamespace = KubeApiServerHarness.namespace("rend-scoped");
        String watched = KubeApiServerHarness.namespace("ns-a");
        String other = KubeApiServerHarness.namespace("other-ns");
        String release = "rend-scoped";
        var install =
                KubeApiServerHarness.installChart(
                        release,
                        releaseNamespace,
                        "--set",
                        "crds.install=false",
                        "--set",
                        "operator.replicas=0",
                        "--set",
                        "operator.watchNamespaces={" + watched + "}");
        assertThat(install.exitCode()).as(install.output()).isZero();
        String serviceAccount =
                "system:serviceaccount:" + releaseNamespace + ":" + release + "-operator";

        assertThat(canI(serviceAccount, "get", "secrets", "-n", other)).isEqualTo("no");
        assertThat(canI(serviceAccount, "get", "secrets", "-n", watched)).isEqualTo("yes");
        assertThat(canI(serviceAccount, "list", "pods", "--all-namespaces")).isEqualTo("no");
        assertThat(canI(serviceAccount, "list", "pods", "-n", watched)).isEqualTo("yes");
        assertThat(canI(serviceAccount, "create", "deployments.apps", "-n", other)).isEqualTo("no");
        assertThat(canI(serviceAccount, "list", "rendencodingpools.rend.so", "--all-namespaces"))
                .isEqualTo("no");
        assertThat(canI(serviceAccount, "patch", "nodes")).isEqualTo("yes");
        assertThat(canI(serviceAccount, "get", "customresourcedefinitions.apiextensions.k8s.io"))
                .isEqualTo("yes");

        KubeApiServerHarness.createSecrets(
                client,
                watched,
                Map.of("rend-database", Map.of("url", "postgresql://rend:pw@db.test:5432/rend")));
        AtomicReference<String> urlSeen = new AtomicReference<>();
        PoolScaling scaling = new PoolScaling(1, 10, 4, 4);
        scaling.scaler = ScalerKind.BuiltIn;
        scaling.pollIntervalSeconds = 1;
        RendEncodingPool pool = Fixtures.pool(watched, "encode", scaling);
        pool.getMetadata().setUid(null);
        pool.getMetadata().setGeneration(null);
        try (KubernetesClient asServiceAccount = KubeApiServerHarness.clientAs(serviceAccount);
                var operator =
                        new OperatorUnderTest(
                                asServiceAccount,
                                watched,
                                url -> {
                                    urlSeen.set(url);
                                    return 9;
                                })) {
            client.resource(pool).create();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Integer.valueOf(3).equals(replicas(watched, "encode")));
            assertThat(urlSeen.get()).isEqualTo("postgresql://rend:pw@db.test:5432/rend");
        } finally {
            client.resource(pool).delete();
        }

        var uninstall =
                KubeApiServerHarness.helm(
                        "uninstall", release, "--namespace", releaseNamespace, "--wait");
        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(
                        client.rbac()
                                .roleBindings()
                                .inNamespace(watched)
                                .withName(release + "-operator")
                                .get())
                .isNull();
    }

    /** {@code kubectl auth can-i ... --as=user}: its answer, "yes" or "no". */
    private static String canI(String user, String... question) {
        String[] args = new String[question.length + 3];
        args[0] = "auth";
        args[1] = "can-i";
        System.arraycopy(question, 0, args, 2, question.length);
        args[args.length - 1] = "--as=" + user;
        var answer = KubeApiServerHarness.kubectl(args);
        String[] lines = answer.output().strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private Integer replicas(String namespace, String pool) {
        Deployment workers =
                client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(ResourceNames.workerDeployment(pool))
                        .get();
        return workers == null ? null : workers.getSpec().getReplicas();
    }
}
