package so.rend.api.analytics;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.api.errors.ApiErrorCode;
import so.rend.clickhouse.ClickHouseClients;
import so.rend.clickhouse.ClickHouseSettings;
import so.rend.clickhouse.schema.ClickHouseSchema;

/**
 * The API's view of the ClickHouse that holds playback events: applies the schema's migrations (at
 * start, and again before a query until once done, so a ClickHouse that was down when the API
 * started is migrated when it comes back) and runs the analytics statements. Without {@code
 * REND_CLICKHOUSE_URL} every query answers {@code analytics_not_configured}; any failure to reach
 * or hear ClickHouse answers {@code analytics_unavailable} (503), never a 500: analytics are never
 * worth an error that pages someone about the API.
 */
public final class ClickHousePlaybackStore implements PlaybackStore {

    private static final Logger log = LoggerFactory.getLogger(ClickHousePlaybackStore.class);

    /** Account-wide statements carry thousands of asset ids; 18.16's default limit is 256 KiB. */
    private static final String MAX_QUERY_SIZE = Integer.toString(8 * 1024 * 1024);

    private final ClickHouseSettings settings;
    private final Client client;
    private volatile boolean migrated;
    private boolean failedBefore;
    private long lastFailedAttempt;

    public ClickHousePlaybackStore(ClickHouseSettings settings) {
        this.settings = settings;
        this.client = settings.configured() ? ClickHouseClients.create(settings) : null;
    }

    @Override
    public boolean configured() {
        return client != null;
    }

    @Override
    public PlaybackSql sql() {
        return PlaybackSql.CLICKHOUSE;
    }

    @Override
    public String eventsTable() {
        return settings.table("playback_events");
    }

    @Override
    public String viewsTable() {
        return settings.table("playback_views");
    }

    @Override
    public void insertViews(byte[] lines) throws Exception {
        if (client == null) {
            throw new IllegalStateException("no ClickHouse");
        }
        ensureMigrated();
        client.insert(viewsTable(), new ByteArrayInputStream(lines), ClickHouseFormat.JSONEachRow)
                .get(settings.timeout().toMillis() * 3, TimeUnit.MILLISECONDS)
                .close();
    }

    /**
     * Applies pending migrations now; a failure is logged (the API serves everything else without
     * ClickHouse) and the next query tries again.
     */
    @Override
    public void prepare() {
        if (client == null) {
            return;
        }
        try {
            ensureMigrated();
        } catch (RuntimeException e) {
            log.warn(
                    "ClickHouse migrations not applied yet ({}); analytics answer 503 until they"
                            + " are: {}",
                    settings,
                    e.getMessage());
        }
    }

    /** The rows of a TSV answer, cells split; on a boundedElastic thread (client-v2 blocks). */
    @Override
    public Mono<List<String[]>> rows(String sql) {
        if (client == null) {
            return Mono.error(ApiErrorCode.ANALYTICS_NOT_CONFIGURED.error());
        }
        return Mono.fromCallable(() -> query(sql)).subscribeOn(Schedulers.boundedElastic());
    }

    private List<String[]> query(String sql) {
        try {
            ensureMigrated();
            QuerySettings querySettings =
                    new QuerySettings().serverSetting("max_query_size", MAX_QUERY_SIZE);
            try (QueryResponse response =
                    client.query(sql, querySettings)
                            .get(settings.timeout().toMillis() * 3, TimeUnit.MILLISECONDS)) {
                String tsv =
                        new String(
                                response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                List<String[]> rows = new ArrayList<>();
                for (String line : tsv.split("\n")) {
                    if (!line.isEmpty()) {
                        rows.add(line.split("\t", -1));
                    }
                }
                return rows;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    /**
     * Drops the day partitions before {@code oldestKept} of both tables: one statement a day and
     * table, cheap in ClickHouse (a partition is whole files), a no-op when another replica dropped
     * it first.
     */
    @Override
    public Mono<List<LocalDate>> dropDaysBefore(LocalDate oldestKept) {
        return Flux.just("playback_events", "playback_views")
                .concatMap(table -> dropDaysBefore(table, oldestKept))
                .distinct()
                .sort()
                .collectList();
    }

    private Flux<LocalDate> dropDaysBefore(String table, LocalDate oldestKept) {
        String partitions =
                "SELECT DISTINCT partition FROM system.parts WHERE database = '"
                        + settings.database()
                        + "' AND table = '"
                        + table
                        + "' AND active FORMAT TSV";
        return rows(partitions)
                .flatMapMany(
                        found -> Flux.fromIterable(PlaybackRetention.expired(found, oldestKept)))
                .concatMap(
                        day ->
                                rows("ALTER TABLE "
                                                + settings.table(table)
                                                + " DROP PARTITION '"
                                                + day
                                                + "'")
                                        .thenReturn(day));
    }

    private synchronized void ensureMigrated() {
        if (migrated) {
            return;
        }
        // While ClickHouse is down, requests queued on this lock fail at once rather than each
        // waiting out its own attempt.
        if (failedBefore && System.nanoTime() - lastFailedAttempt < settings.timeout().toNanos()) {
            throw new IllegalStateException("the last migration attempt failed moments ago");
        }
        try {
            List<Integer> applied = new ClickHouseSchema(client, settings).migrate();
            log.info("ClickHouse schema ready on {} (applied now: {})", settings, applied);
            migrated = true;
        } catch (RuntimeException e) {
            failedBefore = true;
            lastFailedAttempt = System.nanoTime();
            throw e;
        }
    }

    private RuntimeException unavailable(Exception e) {
        // One line, no stack trace: while ClickHouse is down every analytics request says the same.
        log.warn("analytics unavailable ({}): {}", settings, e.toString());
        return ApiErrorCode.ANALYTICS_UNAVAILABLE.error();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
