package so.rend.edge.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import so.rend.clickhouse.ClickHouseSettings;

/**
 * The edge's telemetry, assembled: the queue the route offers to, the spool and the sender thread,
 * or nothing at all when no analytics store is configured (neither a ClickHouse nor the embedded
 * mode's DuckDB file).
 */
public final class TelemetryPipeline implements AutoCloseable {

    /** The table edges write, in the database the schema runner made. */
    public static final String TABLE = "playback_events";

    private final PlaybackEvents events;
    private final TelemetrySender sender;
    private final Thread thread;
    private final EventSink sink;

    private TelemetryPipeline(
            PlaybackEvents events, TelemetrySender sender, Thread thread, EventSink sink) {
        this.events = events;
        this.sender = sender;
        this.thread = thread;
        this.sink = sink;
    }

    public static TelemetryPipeline off(String edgeId, String region) {
        return new TelemetryPipeline(new PlaybackEvents(null, edgeId, region), null, null, null);
    }

    /**
     * What one pipeline needs to run.
     *
     * @param clickhouse where events go, when configured
     * @param duckdb otherwise, the embedded mode's DuckDB file
     */
    public record Settings(
            ClickHouseSettings clickhouse,
            Path duckdb,
            int queueCapacity,
            int batchMaxEvents,
            long flushMillis,
            Path spoolDirectory,
            long spoolMaxBytes,
            long spoolFileBytes) {}

    public static TelemetryPipeline start(
            Settings settings, String edgeId, String region, MeterRegistry meters) {
        PlaybackTelemetry queue = new PlaybackTelemetry(settings.queueCapacity(), meters);
        TelemetrySpool spool =
                new TelemetrySpool(
                        settings.spoolDirectory(),
                        settings.spoolMaxBytes(),
                        settings.spoolFileBytes(),
                        TelemetryMeters.dropped(meters, "spool_full"));
        EventSink sink =
                settings.clickhouse().configured()
                        ? new ClickHouseSink(settings.clickhouse())
                        : new DuckDbSink(settings.duckdb());
        TelemetrySender sender =
                new TelemetrySender(
                        queue,
                        spool,
                        sink,
                        settings.batchMaxEvents(),
                        settings.flushMillis(),
                        meters);
        Thread thread = new Thread(sender, "rend-telemetry-sender");
        thread.setDaemon(true);
        thread.start();
        return new TelemetryPipeline(
                new PlaybackEvents(queue, edgeId, region), sender, thread, sink);
    }

    public PlaybackEvents events() {
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        if (sender == null) {
            return;
        }
        sender.stop();
        thread.interrupt();
        thread.join(10_000);
        sink.close();
    }
}
