package so.rend.clickhouse.testing;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import so.rend.clickhouse.EmbeddedClickHouseServer;

/**
 * Where the ClickHouse server binary is: {@code REND_TEST_CLICKHOUSE_SERVER}, else Debian's {@code
 * clickhouse-server} (on the PATH or in /usr/sbin), else a single {@code clickhouse} binary run as
 * {@code clickhouse server}.
 */
public final class ClickHouseBinary {

    private ClickHouseBinary() {}

    public static Optional<List<String>> serverCommand() {
        return EmbeddedClickHouseServer.findCommand(System.getenv("REND_TEST_CLICKHOUSE_SERVER"));
    }

    /** Skips the calling test loudly; on CI (where the binary must be there) fails it instead. */
    public static List<String> skipOrFail() {
        String message =
                "SKIPPED: no clickhouse-server found (set REND_TEST_CLICKHOUSE_SERVER, or"
                        + " `apt-get install clickhouse-server`, which .ci/run does)";
        System.err.println(message);
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + " — CI must provide it");
        }
        return Assumptions.abort(message);
    }
}
