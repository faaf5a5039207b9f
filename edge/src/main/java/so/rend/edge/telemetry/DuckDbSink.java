package so.rend.edge.telemetry;

import java.nio.file.Path;
import so.rend.clickhouse.DuckDbPlaybackEvents;

/** Batches into the embedded mode's DuckDB file ({@code REND_ANALYTICS_DUCKDB}). */
final class DuckDbSink implements EventSink {

    private final DuckDbPlaybackEvents store;

    DuckDbSink(Path file) {
        this.store = DuckDbPlaybackEvents.open(file);
    }

    @Override
    public void insert(byte[] lines, int events) throws Exception {
        try {
            store.insert(lines);
        } catch (DuckDbPlaybackEvents.RejectedEvents e) {
            throw new Rejected(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
