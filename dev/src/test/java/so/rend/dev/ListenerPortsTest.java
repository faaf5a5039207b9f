package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerPortsTest {

    private static DevSettings settings(int api, int edge, int postgres, int s3) {
        return new DevSettings(
                Path.of("/data"),
                api,
                0,
                edge,
                0,
                0,
                postgres,
                s3,
                "dev-api-key",
                DevSettings.CLICKHOUSE_OFF,
                0);
    }

    @Test
    void everyFixedPortIsNamedByTheSettingThatMovesItAndFreePortsAreLeftOut() {
        assertThat(ListenerPorts.fixed(settings(4000, 0, 4432, 4333)))
                .containsExactly(
                        new ListenerPorts.Setting("REND_API_PORT", 4000),
                        new ListenerPorts.Setting("REND_EMBEDDED_S3_PORT", 4333),
                        new ListenerPorts.Setting("REND_EMBEDDED_POSTGRES_PORT", 4432));
    }

    @Test
    void theDefaultsNameSevenDifferentPorts() {
        DevSettings defaults = DevSettings.fromEnvironment(Map.of());
        assertThat(ListenerPorts.fixed(defaults)).hasSize(7);
        assertThat(ListenerPorts.shared(ListenerPorts.fixed(defaults))).isEmpty();
    }

    @Test
    void twoSettingsOnOnePortAreRefusedNamingBoth() {
        assertThat(ListenerPorts.shared(ListenerPorts.fixed(settings(4000, 0, 4000, 0))))
                .map(Throwable::getMessage)
                .contains(
                        "rend-dev: REND_API_PORT and REND_EMBEDDED_POSTGRES_PORT are both 4000;"
                                + " give each its own");
    }

    @Test
    void freePortsNeverClash() {
        assertThat(ListenerPorts.shared(ListenerPorts.fixed(settings(0, 0, 0, 0)))).isEmpty();
    }
}
