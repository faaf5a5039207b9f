package so.rend.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * helm upgrade updates Rend's CRDs on the real kube-apiserver: those the chart installed, and those
 * applied by hand first (kubectl apply --server-side -f crds/) and then adopted with helm's
 * --take-ownership. Each test works on a copy of charts/rend whose CRDs are renamed into a group of
 * its own, so the CRDs the other tests share are never touched; the templates that render them are
 * the chart's.
 */
class CrdUpgradeOnRealApiServerIT {
    private static final String REGIONS = "rendregions.";

    private final KubernetesClient client = KubeApiServerHarness.client();
    private final String group = "u" + UUID.randomUUID().toString().substring(0, 8) + ".rend.so";
    private Path chart;

    @BeforeEach
    void chartWithCrdsInAGroupOfTheirOwn() throws IOException {
        chart = Files.createTempDirectory("rend-chart");
        Path source = KubeApiServerHarness.chart();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = chart.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.getParent().endsWith("files/crds")) {
                    Files.writeString(target, Files.readString(file).replace("rend.so", group));
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @AfterEach
    void deleteTheCopiesAndTheirCrds() throws IOException {
        for (CustomResourceDefinition crd :
                client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
            if (crd.getSpec().getGroup().equals(group)) {
                client.resource(crd).delete();
            }
        }
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void helmUpgradeChangesTheSchemaOfCrdsTheChartInstalledAndUninstallKeepsThem()
            throws IOException {
        String namespace = KubeApiServerHarness.namespace("crd-upgrade");
        String release = "rend-crds";
        var install = install(release, namespace);
        assertThat(install.exitCode()).as(install.output()).isZero();
        CustomResourceDefinition installed = regions();
        assertThat(installed.getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep")
                .containsEntry("meta.helm.sh/release-name", release);
        assertThat(description(installed)).isNull();

        changeTheRegionsSchema("upgraded by helm");
        var upgrade = upgrade(release, namespace);
        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(description(regions())).isEqualTo("upgraded by helm");

        var uninstall =
                KubeApiServerHarness.helm("uninstall", release, "--namespace", namespace, "--wait");
        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(regions()).as("kept by helm.sh/resource-policy: keep").isNotNull();
    }

    @Test
    void crdsAppliedByHandAreAdoptedWithTakeOwnershipThenUpgradedByHelm() throws IOException {
        var applied =
                KubeApiServerHarness.kubectl(
                        "apply", "--server-side", "-f", chart.resolve("files/crds").toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        String namespace = KubeApiServerHarness.namespace("crd-adopt");
        String release = "rend-adopt";

        var refused = install(release, namespace);
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("invalid ownership metadata");

        var adopted = install(release, namespace, "--take-ownership");
        assertThat(adopted.exitCode()).as(adopted.output()).isZero();
        assertThat(regions().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "Helm");
        assertThat(regions().getMetadata().getAnnotations())
                .containsEntry("meta.helm.sh/release-name", release)
                .containsEntry("meta.helm.sh/release-namespace", namespace)
                .containsEntry("helm.sh/resource-policy", "keep");

        String original = Files.readString(crdFile());
        changeTheRegionsSchema("upgraded after adoption");
        var upgrade = upgrade(release, namespace);
        assertThat(upgrade.exitCode()).as(upgrade.output()).isZero();
        assertThat(description(regions())).isEqualTo("upgraded after adoption");

        // kubectl apply -f crds/ still works beside helm; what helm last wrote is its to take.
        Files.writeString(crdFile(), original);
        var reapplied =
                KubeApiServerHarness.kubectl(
                        "apply",
                        "--server-side",
                        "--force-conflicts",
                        "-f",
                        chart.resolve("files/crds").toString());
        assertThat(reapplied.exitCode()).as(reapplied.output()).isZero();
        assertThat(description(regions())).isNull();
        KubeApiServerHarness.helm("uninstall", release, "--namespace", namespace, "--wait");
    }

    private KubeApiServerHarness.Tool install(String release, String namespace, String... flags) {
        return KubeApiServerHarness.helm(
                Stream.concat(
                                Stream.of(
                                        "install",
                                        release,
                                        chart.toString(),
                                        "--namespace",
                                        namespace,
                                        "--set",
                                        "operator.replicas=0"),
                                Stream.of(flags))
                        .toArray(String[]::new));
    }

    private KubeApiServerHarness.Tool upgrade(String release, String namespace) {
        return KubeApiServerHarness.helm(
                "upgrade", release, chart.toString(), "--namespace", namespace, "--reuse-values");
    }

    private Path crdFile() {
        return chart.resolve("files/crds/" + REGIONS + "rend.so.yaml");
    }

    /** A description on the top of the schema: a change helm must carry to the API server. */
    private void changeTheRegionsSchema(String description) throws IOException {
        List<String> lines = Files.readAllLines(crdFile());
        int at =
                lines.indexOf(
                        lines.stream()
                                .filter(l -> l.strip().equals("openAPIV3Schema:"))
                                .findFirst()
                                .orElseThrow());
        String indent = " ".repeat(lines.get(at).indexOf('o') + 2);
        lines.add(at + 1, indent + "description: \"" + description + "\"");
        Files.write(crdFile(), lines);
    }

    private CustomResourceDefinition regions() {
        return client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(REGIONS + group)
                .get();
    }

    private static String description(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getDescription();
    }
}
