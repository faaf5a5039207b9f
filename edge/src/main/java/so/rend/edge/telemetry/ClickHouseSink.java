package so.rend.edge.telemetry;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import so.rend.clickhouse.ClickHouseClients;
import so.rend.clickhouse.ClickHouseSettings;

/** Batches into ClickHouse's {@code playback_events} as JSONEachRow, bounded by the timeout. */
final class ClickHouseSink implements EventSink {

    /** Server codes that mean "this data will never be accepted" (parse and type errors). */
    private static final Set<Integer> REJECTED_FOR_GOOD = Set.of(6, 26, 27, 38, 41, 70, 72, 117);

    private final Client client;
    private final String table;
    private final long timeoutMillis;

    ClickHouseSink(ClickHouseSettings settings) {
        this.client = ClickHouseClients.create(settings);
        this.table = settings.table(TelemetryPipeline.TABLE);
        this.timeoutMillis = settings.timeout().toMillis() * 3;
    }

    @Override
    public void insert(byte[] lines, int events) throws Exception {
        try {
            client.insert(table, new ByteArrayInputStream(lines), ClickHouseFormat.JSONEachRow)
                    .get(timeoutMillis, TimeUnit.MILLISECONDS)
                    .close();
        } catch (ExecutionException | ServerException e) {
            Throwable cause =
                    e instanceof ServerException || e.getCause() == null ? e : e.getCause();
            if (cause instanceof ServerException server
                    && REJECTED_FOR_GOOD.contains(server.getCode())) {
                throw new Rejected(server.getMessage(), server);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
