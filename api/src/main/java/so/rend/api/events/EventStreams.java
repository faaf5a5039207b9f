package so.rend.api.events;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One account's lifecycle stream: a replay from the durable log after a cursor, then live events,
 * with no gap and no duplicate between the two. Each client buffers at most {@link #CLIENT_BUFFER}
 * events; a client slower than that is cut off (it reconnects with its cursor) rather than making
 * the server hold an unbounded backlog.
 */
@Service
public class EventStreams {

    static final int CLIENT_BUFFER = 1000;
    private static final int PAGE = 500;

    /** A client fell more than {@link #CLIENT_BUFFER} events behind. */
    public static final class SlowClientException extends RuntimeException {

        SlowClientException() {
            super(
                    "the client fell too far behind; reconnect with Last-Event-ID",
                    null,
                    false,
                    false);
        }
    }

    private final EventTail tail;
    private final DatabaseClient db;

    public EventStreams(EventTail tail, DatabaseClient db) {
        this.tail = tail;
        this.db = db;
    }

    /**
     * @param assetId {@code null} for all of the account's assets
     * @param after replay events after this sequence; {@code null} means only events from now on
     */
    public Flux<StoredEvent> stream(UUID accountId, UUID assetId, Long after) {
        return Flux.defer(
                () -> {
                    Sinks.Many<StoredEvent> buffer =
                            Sinks.many()
                                    .unicast()
                                    .onBackpressureBuffer(new ArrayBlockingQueue<>(CLIENT_BUFFER));
                    // Listen first, then read the head: whatever the catch-up does not cover, live
                    // delivers.
                    Disposable listening =
                            tail.live()
                                    .filter(
                                            e ->
                                                    e.accountId().equals(accountId)
                                                            && (assetId == null
                                                                    || e.assetId().equals(assetId)))
                                    .subscribe(
                                            e -> {
                                                if (buffer.tryEmitNext(e).isFailure()) {
                                                    buffer.tryEmitError(new SlowClientException());
                                                }
                                            },
                                            buffer::tryEmitError,
                                            buffer::tryEmitComplete);
                    long head = tail.head();
                    long from = after == null ? head : after;
                    Flux<StoredEvent> catchUp =
                            from >= head ? Flux.empty() : replay(accountId, assetId, from, head);
                    return catchUp.concatWith(buffer.asFlux().filter(e -> e.sequence() > head))
                            .doFinally(signal -> listening.dispose());
                });
    }

    /** Events in {@code (after, upTo]}, page by page. */
    private Flux<StoredEvent> replay(UUID accountId, UUID assetId, long after, long upTo) {
        return page(accountId, assetId, after, upTo)
                .expand(
                        events ->
                                events.size() < PAGE
                                        ? Mono.empty()
                                        : page(
                                                accountId,
                                                assetId,
                                                events.get(events.size() - 1).sequence(),
                                                upTo))
                .flatMapIterable(events -> events);
    }

    private Mono<List<StoredEvent>> page(UUID accountId, UUID assetId, long after, long upTo) {
        DatabaseClient.GenericExecuteSpec sql =
                db.sql(
                                "SELECT "
                                        + EventTail.COLUMNS
                                        + " FROM rend.asset_events "
                                        + "WHERE account_id = :account AND sequence > :after AND sequence <= :upTo"
                                        + (assetId == null ? "" : " AND asset_id = :asset")
                                        + " ORDER BY sequence LIMIT "
                                        + PAGE)
                        .bind("account", accountId)
                        .bind("after", after)
                        .bind("upTo", upTo);
        if (assetId != null) {
            sql = sql.bind("asset", assetId);
        }
        return sql.map(EventTail::event).all().collectList();
    }
}
