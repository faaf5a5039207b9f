package so.rend.api.idempotency;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Deletes idempotency keys older than 24 hours, every hour. Reads already ignore older rows, so
 * this only bounds the table; the same statement on every API replica is harmless.
 */
@Component
public class IdempotencyKeyExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyExpiry.class);
    static final Duration EVERY = Duration.ofHours(1);
    static final Duration FIRST_AFTER = Duration.ofMinutes(1);

    private final IdempotencyStore store;
    private volatile Disposable schedule;

    public IdempotencyKeyExpiry(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public void start() {
        schedule =
                Flux.interval(FIRST_AFTER, EVERY, Schedulers.boundedElastic())
                        .concatMap(
                                tick ->
                                        store.deleteExpired()
                                                .doOnNext(
                                                        n -> {
                                                            if (n > 0) {
                                                                log.info(
                                                                        "{} expired idempotency keys deleted",
                                                                        n);
                                                            }
                                                        })
                                                .onErrorResume(e -> Mono.empty()))
                        .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = schedule;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = schedule;
        return running != null && !running.isDisposed();
    }
}
