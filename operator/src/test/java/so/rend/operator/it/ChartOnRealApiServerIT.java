package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (charts/rend) on the real kube-apiserver: it lints, installs, upgrades with values
 * and uninstalls cleanly. That its RBAC is enough is shown by every other integration test, which
 * runs the operator as the chart's ServiceAccount.
 */
class ChartOnRealApiServerIT {
    private final KubernetesClient client = KubeApiServerHarness.client();

    @Test
    void theChartLintsStrictly() {
        var lint =
                KubeApiServerHarness.helm(
                        "lint", "--strict", KubeApiServerHarness.chart().toString());
        assertThat(lint.exitCode()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("0 chart(s) failed");
    }

    @Test
    void aMisspelledOrInvalidValueFailsLintAndTemplateNamingIt() throws IOException {
        Map<String, String> errorsByValues =
                Map.of(
                        "operator:\n  replica: 2\n",
                        "at '/operator': additional properties 'replica' not allowed",
                        "operater:\n  replicas: 2\n",
                        "additional properties 'operater' not allowed",
                        "operator:\n  image:\n    pullPolicy: Sometimes\n",
                        "at '/operator/image/pullPolicy': value must be one of",
                        "edge:\n  cacheRoot: [/mnt]\n",
                        "at '/edge': additional properties 'cacheRoot' not allowed");
        String chart = KubeApiServerHarness.chart().toString();
        for (var entry : errorsByValues.entrySet()) {
            Path file = Files.createTempFile("rend-values", ".yaml");
            try {
                Files.writeString(file, entry.getKey());
                var lint =
                        KubeApiServerHarness.helm("lint", "--strict", chart, "-f", file.toString());
                assertThat(lint.exitCode()).as(lint.output()).isNotZero();
                assertThat(lint.output()).contains(entry.getValue()).contains("1 chart(s) failed");
                var template =
                        KubeApiServerHarness.helm("template", "rend", chart, "-f", file.toString());
                assertThat(template.exitCode()).as(template.output()).isNotZero();
                assertThat(template.output()).contains(entry.getValue());
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void theReleaseTheTestsRunUnderRunsTheOperatorAsItsServiceAccountWithLeaderElection() {
        KubeApiServerHarness.operatorClient();
        String namespace = KubeApiServerHarness.RELEASE_NAMESPACE;
        String name = KubeApiServerHarness.RELEASE + "-operator";
        Deployment operator =
                client.apps().deployments().inNamespace(namespace).withName(name).get();
        assertThat(operator).isNotNull();
        var pod = operator.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(name);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("rend-operator:0.1.0-SNAPSHOT");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("REND_OPERATOR_NAMESPACE");
                            assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                                    .isEqualTo("metadata.namespace");
                        });
        assertThat(client.serviceAccounts().inNamespace(namespace).withName(name).get())
                .isNotNull();
        // The CRDs the harness applied by hand, adopted by this release (--take-ownership).
        assertThat(
                        client.apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .withName("rendregions.rend.so")
                                .get()
                                .getMetadata()
                                .getAnnotations())
                .containsEntry("meta.helm.sh/release-name", KubeApiServerHarness.RELEASE)
                .containsEntry("helm.sh/resource-policy", "keep");
        assertThat(
                        client.rbac()
                                .roles()
                                .inNamespace(namespace)
                                .withName(name + "-leader-election")
                                .get()
                                .getRules())
                .anySatisfy(r -> assertThat(r.getResources()).containsExactly("leases"));
        assertThat(
                        client.services()
                                .inNamespace(namespace)
                                .withName(name)
                                .get()
                                .getSpec()
                                .getPorts())
                .anySatisfy(p -> assertThat(p.getName()).isEqualTo("http-metrics"));
    }

    @Test
    void
            aSecondReleaseInstallsBesideTheFirstTakesValuesOnUpgradeAndUninstallsWithoutTouchingTheCrds() {
        KubeApiServerHarness.operatorClient();
        String namespace = KubeApiServerHarness.namespace("chart");
        String release = "rend-second";
        String name = release + "-operator";
        var install =
                KubeApiServerHarness.installChart(
                        release,
                        namespace,
                        "--set",
                        "crds.install=false",
                        "--set",
                        "operator.image.repository=registry.example.com/rend-operator",
                        "--set",
                        "operator.image.tag=9.9.9");
        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(container(namespace, name).getImage())
                .isEqualTo("registry.example.com/rend-operator:9.9.9");
        ClusterRole role = client.rbac().clusterRoles().withName(name).get();
        assertThat(role.getRules())
                .anySatisfy(r -> assertThat(r.getResources()).contains("rendregions"));
        assertThat(client.rbac().clusterRoleBindings().withName(name).get().getSubjects())
                .singleElement()
                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(namespace));

        // Namespaced mode: a Role and RoleBinding in each watched namespace, which must exist.
        String media = KubeApiServerHarness.namespace("media");
        String edge = KubeApiServerHarness.namespace("edge");
        var upgrade =
                KubeApiServerHarness.helm(
                        "upgrade",
                        release,
                        KubeApiServerHarness.chart().toString(),
                        "--namespace",
                        namespace,
                        "--reuse-values",
                        "--set",
                        "operator.watchNamespaces={" + media + "," + edge + "}",
                        "--set",
                        "operator.replicas=2",
                        "--set",
                        "operator.warmTimeoutSeconds=300");
        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        Map<String, String> env =
                container(namespace, name).getEnv().stream()
                        .filter(e -> e.getValue() != null)
                        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env)
                .containsEntry("REND_OPERATOR_WATCH_NAMESPACES", media + "," + edge)
                .containsEntry("REND_OPERATOR_WARM_TIMEOUT_SECS", "300");
        assertThat(
                        client.apps()
                                .deployments()
                                .inNamespace(namespace)
                                .withName(name)
                                .get()
                                .getSpec()
                                .getReplicas())
                .isEqualTo(2);

        for (String watched : new String[] {media, edge}) {
            assertThat(client.rbac().roleBindings().inNamespace(watched).withName(name).get())
                    .isNotNull();
        }

        var uninstall =
                KubeApiServerHarness.helm("uninstall", release, "--namespace", namespace, "--wait");
        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(client.apps().deployments().inNamespace(namespace).withName(name).get())
                .isNull();
        assertThat(client.rbac().clusterRoles().withName(name).get()).isNull();
        assertThat(client.rbac().clusterRoleBindings().withName(name).get()).isNull();
        assertThat(client.rbac().roles().inNamespace(media).withName(name).get()).isNull();
        // The CRDs belong to the first release (crds.install=false here), and stay.
        assertThat(
                        client.apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .withName("rendregions.rend.so")
                                .get())
                .isNotNull();
        // The first release, whose ServiceAccount the other tests run as, is untouched.
        assertThat(
                        client.rbac()
                                .clusterRoles()
                                .withName(KubeApiServerHarness.RELEASE + "-operator")
                                .get())
                .isNotNull();
    }

    private Container container(String namespace, String deployment) {
        return client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(deployment)
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }
}
