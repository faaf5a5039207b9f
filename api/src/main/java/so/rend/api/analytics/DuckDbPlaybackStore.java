package so.rend.api.analytics;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.clickhouse.DuckDbPlaybackEvents;

/**
 * The embedded mode's analytics on a machine without ClickHouse: the edge of the same process
 * appends to a DuckDB file ({@code REND_ANALYTICS_DUCKDB}) and the API reads it with the same
 * statements in DuckDB's dialect. Opened on start (the table is created then); a failing statement
 * answers {@code analytics_unavailable}.
 */
public final class DuckDbPlaybackStore implements PlaybackStore {

    private static final Logger log = LoggerFactory.getLogger(DuckDbPlaybackStore.class);
    private static final long SECONDS_PER_DAY = 86_400;

    private final DuckDbPlaybackEvents events;

    public DuckDbPlaybackStore(Path file) {
        this.events = DuckDbPlaybackEvents.open(file);
        log.info("analytics from the embedded store {} (DuckDB)", events.file());
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public PlaybackSql sql() {
        return PlaybackSql.DUCKDB;
    }

    @Override
    public String eventsTable() {
        return DuckDbPlaybackEvents.TABLE;
    }

    @Override
    public String viewsTable() {
        return DuckDbPlaybackEvents.Table.VIEWS.table();
    }

    @Override
    public void insertViews(byte[] lines) throws Exception {
        events.insert(DuckDbPlaybackEvents.Table.VIEWS, lines);
    }

    @Override
    public void prepare() {
        // The table was made when the file was opened.
    }

    @Override
    public Mono<List<String[]>> rows(String sql) {
        return blocking(() -> events.rows(sql));
    }

    @Override
    public Mono<List<LocalDate>> dropDaysBefore(LocalDate oldestKept) {
        long before = oldestKept.toEpochDay() * SECONDS_PER_DAY;
        return blocking(
                () -> {
                    List<LocalDate> dropped = new ArrayList<>();
                    String days =
                            "SELECT DISTINCT day FROM (SELECT observed_at // %d AS day FROM %s"
                                    + " WHERE observed_at < %d UNION ALL SELECT received_at // %d"
                                    + " FROM %s WHERE received_at < %d) ORDER BY day";
                    for (String[] row :
                            events.rows(
                                    days.formatted(
                                            SECONDS_PER_DAY,
                                            eventsTable(),
                                            before,
                                            SECONDS_PER_DAY,
                                            viewsTable(),
                                            before))) {
                        dropped.add(LocalDate.ofEpochDay(Long.parseLong(row[0])));
                    }
                    events.deleteBefore(before);
                    return dropped;
                });
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(
                        e -> !(e instanceof ApiError),
                        e -> {
                            log.warn("embedded analytics store: {}", e.toString());
                            return ApiErrorCode.ANALYTICS_UNAVAILABLE.error();
                        });
    }

    @Override
    public void close() {
        events.close();
    }
}
