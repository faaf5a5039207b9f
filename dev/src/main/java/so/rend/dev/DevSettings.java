package so.rend.dev;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the embedded mode runs, from {@code REND_*} variables.
 *
 * @param dataDirectory {@code REND_DATA_DIR}: Postgres data and objects live here and survive
 *     restarts
 * @param apiPort {@code REND_API_PORT} (0 picks a free port)
 * @param apiInternalPort {@code REND_API_INTERNAL_PORT}: edge registry, heartbeats, metrics (0
 *     picks a free port)
 * @param edgeInternalPort {@code REND_EDGE_INTERNAL_PORT}: warm, purge, metrics (0 picks a free
 *     port)
 * @param postgresPort {@code REND_EMBEDDED_POSTGRES_PORT} (0 picks a free port)
 * @param s3Port {@code REND_EMBEDDED_S3_PORT} (0 picks a free port)
 * @param edgePort {@code REND_EDGE_PORT} (0 picks a free port)
 * @param workerPort {@code REND_WORKER_PORT} (0 picks a free port)
 * @param devApiKey {@code REND_DEV_API_KEY}
 * @param clickhouse {@code REND_EMBEDDED_CLICKHOUSE}: {@code auto} (start the machine's
 *     clickhouse-server when one is installed), {@code off}, or the server executable's path; never
 *     started when {@code REND_CLICKHOUSE_URL} names one already. Without a ClickHouse the embedded
 *     DuckDB store holds the analytics
 * @param clickhousePort {@code REND_EMBEDDED_CLICKHOUSE_PORT}: its HTTP port (0, the default, picks
 *     a free port)
 */
public record DevSettings(
        Path dataDirectory,
        int apiPort,
        int apiInternalPort,
        int edgePort,
        int edgeInternalPort,
        int workerPort,
        int postgresPort,
        int s3Port,
        String devApiKey,
        String clickhouse,
        int clickhousePort) {

    public static final String BUCKET = "rend-local";
    public static final String DEFAULT_DEV_API_KEY = "dev-api-key";

    /**
     * Embedded-mode secrets: fixed and public, because the embedded mode only listens on loopback.
     */
    public static final String INTERNAL_TOKEN = "dev-internal-token";

    public static final String PLAYBACK_KEY_ID = "dev-key";
    public static final String PLAYBACK_SECRET = "dev-playback-signing-secret";

    public static final String CLICKHOUSE_AUTO = "auto";
    public static final String CLICKHOUSE_OFF = "off";

    public static DevSettings fromEnvironment(Map<String, String> env) {
        return new DevSettings(
                Path.of(env.getOrDefault("REND_DATA_DIR", ".rend/data")).toAbsolutePath(),
                port(env, "REND_API_PORT", 4000),
                port(env, "REND_API_INTERNAL_PORT", 4001),
                port(env, "REND_EDGE_PORT", 4100),
                port(env, "REND_EDGE_INTERNAL_PORT", 4101),
                port(env, "REND_WORKER_PORT", 4200),
                port(env, "REND_EMBEDDED_POSTGRES_PORT", 4432),
                port(env, "REND_EMBEDDED_S3_PORT", 4333),
                env.getOrDefault("REND_DEV_API_KEY", DEFAULT_DEV_API_KEY),
                clickhouse(env),
                port(env, "REND_EMBEDDED_CLICKHOUSE_PORT", 0));
    }

    /** Every listener on a free port (tests, and several runs side by side). */
    public static DevSettings onFreePorts(Path dataDirectory, String devApiKey, String clickhouse) {
        return new DevSettings(dataDirectory, 0, 0, 0, 0, 0, 0, 0, devApiKey, clickhouse, 0);
    }

    /** Whether to start a ClickHouse of the embedded mode's own: not when one is named already. */
    public boolean startsClickHouse() {
        return !clickhouse.equals(CLICKHOUSE_OFF);
    }

    /** The server executable asked for, or null to look for one. */
    public String clickhouseExecutable() {
        return clickhouse.equals(CLICKHOUSE_AUTO) ? null : clickhouse;
    }

    private static String clickhouse(Map<String, String> env) {
        String external = env.get("REND_CLICKHOUSE_URL");
        if (external != null && !external.isBlank()) {
            return CLICKHOUSE_OFF;
        }
        String value = env.getOrDefault("REND_EMBEDDED_CLICKHOUSE", CLICKHOUSE_AUTO).trim();
        return value.isEmpty() ? CLICKHOUSE_AUTO : value;
    }

    /** The worker's scratch (a directory per job run) under the data directory. */
    public Path workerScratch() {
        return dataDirectory.resolve("worker-tmp");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be a port number, was " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, was " + value);
        }
    }
}
