package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar rend-dev.jar} with another process listening on one of its ports: it exits
 * non-zero with one line that names the port and the setting that moves it, no stack trace, and
 * starts nothing.
 */
class RendDevJarRefusalIT {

    @TempDir Path temp;

    @ParameterizedTest
    @ValueSource(
            strings = {"REND_EMBEDDED_POSTGRES_PORT", "REND_EMBEDDED_S3_PORT", "REND_API_PORT"})
    void aForeignListenerOnItsPortIsRefusedWithOneLine(String variable) throws Exception {
        Path data = temp.resolve("data");
        Path log = temp.resolve("rend-dev.log");
        Process rend = null;
        try (ServerSocket foreign = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = foreign.getLocalPort();
            Map<String, String> environment = RendDevJar.Ports.free().environment(data);
            environment.put(variable, Integer.toString(port));
            rend = RendDevJar.start(environment, log);
            assertThat(rend.waitFor(120, TimeUnit.SECONDS)).as("rend-dev exits").isTrue();

            String expected =
                    variable.equals("REND_EMBEDDED_POSTGRES_PORT")
                            ? "rend-dev: port "
                                    + port
                                    + " is in use by another process (not this data directory's"
                                    + " PostgreSQL); set REND_EMBEDDED_POSTGRES_PORT or stop it"
                            : "rend-dev: port "
                                    + port
                                    + " is in use by another process; set "
                                    + variable
                                    + " or stop it";
            String output = Files.readString(log);
            System.out.println(variable + " taken: exit " + rend.exitValue() + ", " + output);
            assertThat(rend.exitValue()).isNotZero();
            assertThat(output.lines().toList()).containsExactly(expected);
            assertThat(output).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(foreign.isBound()).isTrue();
            assertThat(RendDevJar.postmaster(data)).as("no PostgreSQL was started").isEmpty();
        } finally {
            RendDevJar.stopEverything(rend, List.of(), data);
        }
    }

    @Test
    void twoSettingsNamingOnePortAreRefusedWithOneLine() throws Exception {
        Path data = temp.resolve("data");
        Path log = temp.resolve("rend-dev.log");
        Map<String, String> environment = RendDevJar.Ports.free().environment(data);
        environment.put("REND_EDGE_PORT", environment.get("REND_API_PORT"));
        Process rend = RendDevJar.start(environment, log);
        try {
            assertThat(rend.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(rend.exitValue()).isNotZero();
            assertThat(Files.readString(log).lines().toList())
                    .containsExactly(
                            "rend-dev: REND_API_PORT and REND_EDGE_PORT are both "
                                    + environment.get("REND_API_PORT")
                                    + "; give each its own");
        } finally {
            RendDevJar.stopEverything(rend, List.of(), data);
        }
    }
}
