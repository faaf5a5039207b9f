package so.rend.edge.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.clickhouse.ClickHouseSettings;

/**
 * Playback telemetry ({@code REND_CLICKHOUSE_*}, {@code REND_TELEMETRY_*}): off while neither the
 * ClickHouse URL nor the embedded mode's DuckDB file is set.
 *
 * @param duckdb {@code REND_ANALYTICS_DUCKDB}: the embedded analytics store's file, used when no
 *     ClickHouse URL is set (the embedded mode sets it on a machine without ClickHouse)
 * @param queueCapacity events held in memory between the event loop and the sender; past it new
 *     events are dropped and counted
 * @param batchMaxEvents largest insert
 * @param flushInterval longest an event waits in memory before its batch is sent
 * @param spoolMaxBytes bound on the JSONL spool beside the cache (batches ClickHouse could not
 *     take)
 * @param spoolFileBytes size at which a spool file is closed and the next one begun
 */
@ConfigurationProperties("rend.telemetry")
public record TelemetryProperties(
        ClickHouseSettings clickhouse,
        Path duckdb,
        int queueCapacity,
        int batchMaxEvents,
        Duration flushInterval,
        long spoolMaxBytes,
        long spoolFileBytes) {

    public TelemetryProperties {
        if (queueCapacity < 1 || batchMaxEvents < 1 || spoolMaxBytes < 0 || spoolFileBytes < 1) {
            throw new IllegalArgumentException(
                    "REND_TELEMETRY_QUEUE_CAPACITY, _BATCH_MAX_EVENTS and _SPOOL_FILE_BYTES must be"
                            + " positive, _SPOOL_MAX_BYTES not negative");
        }
    }

    public boolean enabled() {
        return (clickhouse != null && clickhouse.configured()) || duckdb != null;
    }
}
