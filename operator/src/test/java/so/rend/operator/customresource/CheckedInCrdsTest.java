package so.rend.operator.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs under crds/, and their copies in the Helm chart (charts/rend/files/crds/, which
 * templates/crds.yaml renders so that helm upgrade updates them), are what the Java classes
 * generate. After changing a custom resource class, refresh both with {@code ./mvnw -f
 * operator/pom.xml test -Drend.crds.update=true}.
 */
class CheckedInCrdsTest {
    private static final List<String> CRDS =
            List.of("rendedgenodes.rend.so", "rendregions.rend.so", "rendencodingpools.rend.so");

    private final Path generated =
            Path.of(
                    System.getProperty(
                            "rend.generated.crds.dir", "target/classes/META-INF/fabric8"));
    private final List<Path> checkedIn =
            List.of(
                    Path.of(System.getProperty("rend.crds.dir", "../crds")),
                    Path.of(System.getProperty("rend.chart.dir", "../charts/rend"))
                            .resolve("files/crds"));

    @Test
    void checkedInCrdsMatchTheGeneratedOnes() throws IOException {
        for (Path folder : checkedIn) {
            if (Boolean.getBoolean("rend.crds.update")) {
                Files.createDirectories(folder);
                for (String crd : CRDS) {
                    Files.copy(
                            generated.resolve(crd + "-v1.yml"),
                            folder.resolve(crd + ".yaml"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String crd : CRDS) {
                Path source = generated.resolve(crd + "-v1.yml");
                Path target = folder.resolve(crd + ".yaml");
                assertThat(source).as("generated CRD").exists();
                assertThat(target)
                        .as("checked-in CRD %s; regenerate with -Drend.crds.update=true", target)
                        .exists();
                assertThat(Files.readString(target))
                        .as(
                                "%s differs from what the classes generate; regenerate with "
                                        + "./mvnw -f operator/pom.xml test -Drend.crds.update=true",
                                target)
                        .isEqualTo(Files.readString(source));
            }
        }
    }

    @Test
    void crdFoldersHoldOnlyTheGeneratedCrds() throws IOException {
        for (Path folder : checkedIn) {
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                        .as(folder.toString())
                        .containsExactlyElementsOf(
                                CRDS.stream().map(c -> c + ".yaml").sorted().toList());
            }
        }
    }
}
