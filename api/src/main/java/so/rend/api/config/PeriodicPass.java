package so.rend.api.config;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A housekeeping pass run every {@code every} while the application runs (a {@code SmartLifecycle}
 * delegates its start, stop and running state here). A failed pass is dropped; the next one runs.
 */
public final class PeriodicPass {

    private final Duration first;
    private final Duration every;
    private final Supplier<Mono<?>> pass;
    private volatile Disposable schedule;

    public PeriodicPass(Duration first, Duration every, Supplier<Mono<?>> pass) {
        this.first = first;
        this.every = every;
        this.pass = pass;
    }

    public void start() {
        schedule =
                Flux.interval(first, every, Schedulers.boundedElastic())
                        .concatMap(tick -> pass.get().onErrorResume(e -> Mono.empty()))
                        .subscribe();
    }

    public void stop() {
        Disposable running = schedule;
        if (running != null) {
            running.dispose();
        }
    }

    public boolean isRunning() {
        Disposable running = schedule;
        return running != null && !running.isDisposed();
    }
}
