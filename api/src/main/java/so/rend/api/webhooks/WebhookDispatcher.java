package so.rend.api.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.api.events.EventTail;
import so.rend.api.events.StoredEvent;
import so.rend.api.webhooks.DeliveryOutbox.Claimed;

/**
 * The delivery loop every API replica runs: on every new event, and every {@code
 * REND_WEBHOOK_POLL_MS}, it claims due deliveries (up to {@link #BATCH} at once, sent in parallel),
 * records each attempt, and keeps claiming while there is work. Stopping lets the attempts under
 * way finish and record. Replicas share the outbox through {@code FOR UPDATE SKIP LOCKED}, so each
 * delivery attempt is made by one of them.
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {

    static final int BATCH = 32;
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final DeliveryOutbox outbox;
    private final EventTail events;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final RetrySchedule schedule;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Disposable loop;

    public WebhookDispatcher(
            DeliveryOutbox outbox,
            EventTail events,
            WebhookSender sender,
            WebhookProperties properties) {
        this.outbox = outbox;
        this.events = events;
        this.sender = sender;
        this.properties = properties;
        this.schedule =
                new RetrySchedule(
                        properties.retryBase(), properties.retryMax(), properties.retryWindow());
    }

    @Override
    public void start() {
        stopping = false;
        // Woken by every new event of the log (the API's one LISTEN connection, EventTail), so a
        // delivery usually leaves within milliseconds of its event; the poll finds retries that
        // come due and anything a lost notification missed.
        Flux<Long> wakeUps =
                Flux.merge(
                        Flux.interval(properties.pollInterval(), Schedulers.boundedElastic()),
                        events.live().map(StoredEvent::sequence));
        loop =
                wakeUps.onBackpressureDrop()
                        .concatMap(
                                tick ->
                                        drain().onErrorResume(
                                                        e -> {
                                                            log.warn(
                                                                    "webhook delivery round failed:"
                                                                            + " {}",
                                                                    e.getClass().getSimpleName());
                                                            return Mono.empty();
                                                        }),
                                1)
                        .subscribe();
    }

    /** Claims and sends until nothing is due. */
    private Mono<Void> drain() {
        if (stopping) {
            return Mono.empty();
        }
        return outbox.claim(BATCH, properties.lease())
                .flatMap(this::attempt, BATCH)
                .count()
                .flatMap(n -> n == 0 ? Mono.<Void>empty() : drain());
    }

    private Mono<Void> attempt(Claimed delivery) {
        inFlight.incrementAndGet();
        return sender.send(delivery)
                .flatMap(
                        outcome -> {
                            Duration retryIn = null;
                            if (!outcome.acknowledged()) {
                                Duration delay =
                                        schedule.delayAfter(
                                                delivery.attempts() + 1,
                                                ThreadLocalRandom.current().nextDouble());
                                Duration since =
                                        Duration.between(delivery.windowStart(), Instant.now());
                                retryIn = schedule.retries(since, delay) ? delay : null;
                            }
                            return outbox.record(delivery.id(), outcome, retryIn);
                        })
                // One delivery's failure (its endpoint deleted meanwhile, the database gone) must
                // not cancel the others of its batch; an unrecorded attempt is retried after its
                // lease.
                .onErrorResume(
                        e -> {
                            log.warn(
                                    "recording a webhook attempt failed: {}",
                                    e.getClass().getSimpleName());
                            return Mono.empty();
                        })
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    @Override
    public void stop() {
        // Claims stop at once; attempts under way get their answer recorded (each is bounded by
        // the timeout), so a restart does not leave them waiting out their lease.
        stopping = true;
        long deadline = System.nanoTime() + properties.timeout().plusSeconds(1).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }
}
