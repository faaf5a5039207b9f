package so.rend.api.idempotency;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import so.rend.api.config.PeriodicPass;

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
    private final PeriodicPass passes = new PeriodicPass(FIRST_AFTER, EVERY, this::pass);

    public IdempotencyKeyExpiry(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public void start() {
        passes.start();
    }

    private Mono<Long> pass() {
        return store.deleteExpired()
                .doOnNext(
                        n -> {
                            if (n > 0) {
                                log.info("{} expired idempotency keys deleted", n);
                            }
                        });
    }

    @Override
    public void stop() {
        passes.stop();
    }

    @Override
    public boolean isRunning() {
        return passes.isRunning();
    }
}
