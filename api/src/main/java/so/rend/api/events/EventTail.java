package so.rend.api.events;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import so.rend.database.DatabaseSettings;
import so.rend.database.PostgresPool;

/**
 * The live end of the lifecycle log, shared by every SSE client of this process: one LISTEN
 * connection on {@code rend_asset_events}, and on each notification one query for what is new,
 * whatever the number of clients. New events go out in sequence order through a {@link
 * SequenceGate}, so a commit race never skips one. A slow fallback read covers a lost LISTEN
 * connection.
 */
@Component
public class EventTail implements SmartLifecycle {

    static final String CHANNEL = "rend_asset_events";
    private static final Logger log = LoggerFactory.getLogger(EventTail.class);
    private static final int BATCH = 1000;
    private static final Duration GAP_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FALLBACK_READ = Duration.ofSeconds(5);
    static final String COLUMNS =
            "sequence, event_id, account_id, asset_id, event_type, payload::text AS payload, created_at";

    private final DatabaseClient db;
    private final PostgresqlConnectionFactory listenConnections;
    private final Sinks.Many<StoredEvent> live = Sinks.many().multicast().directBestEffort();
    private final AtomicInteger readRequests = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile SequenceGate<StoredEvent> gate;
    private Disposable listening;
    private Disposable fallback;

    public EventTail(DatabaseClient db, DatabaseSettings database) {
        this.db = db;
        this.listenConnections =
                PostgresPool.connectionFactory(database.databaseUrl(), "rend-api-events");
    }

    /** Live events with sequence above the head at subscription time; never completes. */
    public Flux<StoredEvent> live() {
        return live.asFlux();
    }

    /** Everything up to here has been handed to live subscribers. */
    long head() {
        return gate.head();
    }

    @Override
    public void start() {
        long head =
                db.sql("SELECT COALESCE(max(sequence), 0) FROM rend.asset_events")
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .block(Duration.ofSeconds(30));
        gate = new SequenceGate<>(head, GAP_TIMEOUT.toNanos(), StoredEvent::sequence);
        listening =
                Flux.usingWhen(
                                listenConnections.create(),
                                c ->
                                        c.createStatement("LISTEN " + CHANNEL)
                                                .execute()
                                                .flatMap(PostgresqlResult::getRowsUpdated)
                                                .thenMany(
                                                        Flux.defer(
                                                                () -> {
                                                                    requestRead();
                                                                    return c.getNotifications();
                                                                }))
                                                .concatWith(
                                                        Mono.error(
                                                                new IllegalStateException(
                                                                        "LISTEN connection closed"))),
                                PostgresqlConnection::close,
                                (c, error) -> c.close(),
                                PostgresqlConnection::close)
                        .doOnError(
                                e ->
                                        log.warn(
                                                "LISTEN {} lost, reconnecting: {}",
                                                CHANNEL,
                                                e.toString()))
                        .retryWhen(
                                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                                        .maxBackoff(Duration.ofSeconds(10)))
                        .subscribe(notification -> requestRead());
        fallback =
                Flux.interval(FALLBACK_READ, Schedulers.parallel())
                        .subscribe(tick -> requestRead());
        running.set(true);
    }

    /** Coalesces read requests: one read at a time, and one more if asked meanwhile. */
    void requestRead() {
        if (readRequests.getAndIncrement() == 0) {
            readLoop();
        }
    }

    private void readLoop() {
        readNew()
                .subscribe(
                        more -> {
                            if (more) {
                                readRequests.set(1);
                                readLoop();
                            } else if (readRequests.decrementAndGet() > 0) {
                                readRequests.set(1);
                                readLoop();
                            }
                        },
                        error -> {
                            log.warn("reading new lifecycle events failed: {}", error.toString());
                            readRequests.set(0);
                        });
    }

    /**
     * Reads what is new and emits what the gate lets out; true when another read should follow now.
     */
    private Mono<Boolean> readNew() {
        return db.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM rend.asset_events WHERE sequence > :head ORDER BY sequence LIMIT "
                                + BATCH)
                .bind("head", gate.head())
                .map(EventTail::event)
                .all()
                .collectList()
                .map(
                        events -> {
                            List<StoredEvent> ready = gate.offer(events, System.nanoTime());
                            for (StoredEvent event : ready) {
                                live.emitNext(
                                        event,
                                        Sinks.EmitFailureHandler.busyLooping(
                                                Duration.ofSeconds(1)));
                            }
                            if (gate.waitingAtGap()) {
                                Mono.delay(Duration.ofMillis(100)).subscribe(t -> requestRead());
                            }
                            return events.size() == BATCH && !gate.waitingAtGap();
                        });
    }

    static StoredEvent event(Readable row) {
        OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
        return new StoredEvent(
                row.get("sequence", Long.class),
                row.get("event_id", UUID.class),
                row.get("account_id", UUID.class),
                row.get("asset_id", UUID.class),
                row.get("event_type", String.class),
                row.get("payload", String.class),
                created == null ? null : created.toInstant());
    }

    @Override
    public void stop() {
        running.set(false);
        if (listening != null) {
            listening.dispose();
        }
        if (fallback != null) {
            fallback.dispose();
        }
        live.tryEmitComplete();
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }
}
