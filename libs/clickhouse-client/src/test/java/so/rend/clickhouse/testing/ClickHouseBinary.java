package so.rend.clickhouse.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the ClickHouse server binary is: {@code REND_TEST_CLICKHOUSE_SERVER}, else Debian's {@code
 * clickhouse-server} (on the PATH or in /usr/sbin), else a single {@code clickhouse} binary run as
 * {@code clickhouse server}.
 */
public final class ClickHouseBinary {

    private ClickHouseBinary() {}

    public static Optional<List<String>> serverCommand() {
        String configured = System.getenv("REND_TEST_CLICKHOUSE_SERVER");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(List.of(configured.trim()));
        }
        Optional<Path> server = onPath("clickhouse-server");
        if (server.isPresent()) {
            return Optional.of(List.of(server.get().toString()));
        }
        return onPath("clickhouse").map(p -> List.of(p.toString(), "server"));
    }

    /** Skips the calling test loudly; on CI (where the binary must be there) fails it instead. */
    static List<String> skipOrFail() {
        String message =
                "SKIPPED: no clickhouse-server found (set REND_TEST_CLICKHOUSE_SERVER, or"
                        + " `apt-get install clickhouse-server`, which .ci/run does)";
        System.err.println(message);
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + " — CI must provide it");
        }
        return Assumptions.abort(message);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
