package so.rend.clickhouse;

import com.clickhouse.client.api.Client;
import java.time.temporal.ChronoUnit;

/**
 * The one way Rend builds a ClickHouse client: the official client-v2 over HTTP, with compression
 * off both ways (ClickHouse 18.16, Debian's, does not speak the client's LZ4 framing) and no
 * retries of its own (the telemetry sender decides what a failure means: spool, not wait). Every
 * statement Rend sends names its {@code FORMAT} explicitly and its tables with their database
 * ({@link ClickHouseSettings#table}): 18.16 ignores the client's default database.
 */
public final class ClickHouseClients {

    private ClickHouseClients() {}

    public static Client create(ClickHouseSettings settings) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("REND_CLICKHOUSE_URL is not set");
        }
        long timeoutMs = settings.timeout().toMillis();
        return new Client.Builder()
                .addEndpoint(settings.url().trim())
                .setUsername(settings.user())
                .setPassword(settings.password())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setConnectTimeout(timeoutMs, ChronoUnit.MILLIS)
                .setSocketTimeout(timeoutMs, ChronoUnit.MILLIS)
                .setConnectionRequestTimeout(timeoutMs, ChronoUnit.MILLIS)
                .setExecutionTimeout(timeoutMs * 2, ChronoUnit.MILLIS)
                .setMaxRetries(0)
                .build();
    }
}
