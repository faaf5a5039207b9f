package so.rend.api.uploads;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import so.rend.api.config.PeriodicPass;

/**
 * Times out waiting sessions past their expiry every 30 s: the S3 multipart upload is aborted, the
 * staged bytes dropped and {@code upload.timed_out} logged. Every replica runs it; a session moves
 * out of waiting once (the move is conditional), so two sweeps never both record it.
 */
@Component
class UploadSessionExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UploadSessionExpiry.class);
    static final Duration EVERY = Duration.ofSeconds(30);

    private final UploadSessionStore store;
    private final UploadSessions sessions;
    private final PeriodicPass passes = new PeriodicPass(EVERY, EVERY, this::sweep);

    UploadSessionExpiry(UploadSessionStore store, UploadSessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    @Override
    public void start() {
        passes.start();
    }

    /** One pass: up to 100 lapsed sessions timed out; how many. */
    Mono<Long> sweep() {
        return store.expired(100)
                .concatMap(session -> sessions.expire(session).thenReturn(1L))
                .count()
                .doOnNext(
                        n -> {
                            if (n > 0) {
                                log.info("{} direct upload sessions timed out", n);
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
