package so.rend.worker.queue;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Holds one LISTEN connection on {@code rend_media_jobs} (the insert/requeue trigger notifies it
 * with a job id, an asset's deletion with {@code deleted:<asset id>}), wakes the runners on every
 * job notification and passes deletions on, reconnecting with backoff when the connection drops.
 * The fallback poll covers the moments it is down.
 */
public final class QueueListener implements AutoCloseable {

    public static final String CHANNEL = "rend_media_jobs";
    private static final String DELETED_PREFIX = "deleted:";
    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);

    private final PostgresqlConnectionFactory connections;
    private final JobWakeups wakeups;
    private final Consumer<UUID> assetDeleted;
    private final AtomicBoolean listening = new AtomicBoolean();
    private final AtomicReference<PostgresqlConnection> connection = new AtomicReference<>();
    private Disposable subscription;

    /**
     * @param assetDeleted told the id of each asset whose deletion is notified ({@code
     *     deleted:<id>})
     */
    public QueueListener(
            PostgresqlConnectionFactory connections,
            JobWakeups wakeups,
            Consumer<UUID> assetDeleted) {
        this.connections = connections;
        this.wakeups = wakeups;
        this.assetDeleted = assetDeleted;
    }

    public synchronized void start() {
        if (subscription != null) {
            return;
        }
        subscription =
                Flux.usingWhen(
                                connections.create().doOnNext(connection::set),
                                c ->
                                        c.createStatement("LISTEN " + CHANNEL)
                                                .execute()
                                                .flatMap(PostgresqlResult::getRowsUpdated)
                                                .then(
                                                        Mono.fromRunnable(
                                                                () -> {
                                                                    listening.set(true);
                                                                    // Anything enqueued while we
                                                                    // were not listening is found
                                                                    // by this wake-up.
                                                                    wakeups.wakeAll();
                                                                }))
                                                .thenMany(c.getNotifications())
                                                .concatWith(
                                                        Mono.error(
                                                                new IllegalStateException(
                                                                        "LISTEN connection closed"))),
                                c -> close(c),
                                (c, error) -> close(c),
                                c -> close(c))
                        .doOnError(
                                e -> {
                                    listening.set(false);
                                    log.warn(
                                            "LISTEN {} lost, reconnecting: {}",
                                            CHANNEL,
                                            e.toString());
                                })
                        .retryWhen(
                                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                                        .maxBackoff(Duration.ofSeconds(10)))
                        .subscribe(this::notified, e -> log.error("LISTEN {} stopped", CHANNEL, e));
    }

    private void notified(Notification notification) {
        String payload = notification.getParameter();
        if (payload != null && payload.startsWith(DELETED_PREFIX)) {
            try {
                assetDeleted.accept(UUID.fromString(payload.substring(DELETED_PREFIX.length())));
            } catch (RuntimeException e) {
                log.warn("could not act on deletion notice {}: {}", payload, e.toString());
            }
            return;
        }
        wakeups.wakeAll();
    }

    /** True while the LISTEN session is established (readiness). */
    public boolean listening() {
        return listening.get();
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.dispose();
            subscription = null;
        }
        PostgresqlConnection c = connection.getAndSet(null);
        if (c != null) {
            close(c).block(Duration.ofSeconds(5));
        }
        listening.set(false);
    }

    private Mono<Void> close(PostgresqlConnection c) {
        listening.set(false);
        return Mono.from(c.close()).onErrorResume(e -> Mono.empty());
    }
}
