package so.rend.api.assets;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;

/**
 * Fails a request body that sends nothing for a while ({@code REND_UPLOAD_IDLE_TIMEOUT_SECS}), so a
 * stalled client cannot hold its connection, its upload slot and a started multipart upload
 * forever. Only time the reader spends waiting for bytes it asked for counts: while the reader
 * holds back (a part still on its way to a slow store), the client is not idle but told to wait,
 * and a plain per-item timeout would blame it for the store. One timer per body, re-armed only when
 * it wakes, rather than one per network buffer.
 */
final class BodyIdleTimeout {

    private BodyIdleTimeout() {}

    /**
     * {@code body}, cancelled and failing with {@code onIdle}'s error once it has been asked for
     * bytes and sent none for {@code idle}.
     */
    static <T> Flux<T> guard(
            Flux<T> body, Duration idle, Scheduler timer, Supplier<? extends Throwable> onIdle) {
        return Flux.defer(
                () -> {
                    Wait wait = new Wait(timer, idle.toNanos());
                    return body.doOnNext(item -> wait.arrived())
                            .doOnRequest(wait::requested)
                            .doOnComplete(wait::ended)
                            .takeUntilOther(wait.expiry())
                            .concatWith(
                                    Mono.defer(
                                            () ->
                                                    wait.cutOff()
                                                            ? Mono.error(onIdle.get())
                                                            : Mono.empty()));
                });
    }

    /** How long the reader has been waiting for an item it asked for. */
    private static final class Wait {

        private final Scheduler timer;
        private final long idleNanos;
        private long unmet;
        private long since;
        private boolean expired;
        private boolean ended;

        Wait(Scheduler timer, long idleNanos) {
            this.timer = timer;
            this.idleNanos = idleNanos;
        }

        synchronized void requested(long n) {
            if (unmet == 0) {
                since = now();
            }
            unmet = Operators.addCap(unmet, n);
        }

        synchronized void arrived() {
            if (unmet != Long.MAX_VALUE) {
                unmet--;
            }
            since = now();
        }

        synchronized void ended() {
            ended = true;
        }

        /** Whether the body was cut off for idling rather than ended by the client. */
        synchronized boolean cutOff() {
            return expired && !ended;
        }

        /**
         * Emits once the body has been idle for the full period: sleeps for the time left, and
         * again when the reader stopped asking or an item came in meanwhile.
         */
        Mono<Long> expiry() {
            return Mono.defer(() -> Mono.delay(Duration.ofNanos(nanosLeft()), timer))
                    .filter(tick -> expire())
                    .repeatWhenEmpty(repeats -> repeats);
        }

        /** Time left before the body counts as idle; a full period while nothing is asked for. */
        private synchronized long nanosLeft() {
            return unmet == 0 ? idleNanos : Math.max(0, idleNanos - (now() - since));
        }

        private synchronized boolean expire() {
            expired = !ended && unmet > 0 && now() - since >= idleNanos;
            return expired;
        }

        private long now() {
            return timer.now(TimeUnit.NANOSECONDS);
        }
    }
}
