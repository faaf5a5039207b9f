package so.rend.edge.fill;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.edge.cache.Artifacts;
import so.rend.edge.cache.DiskTier;
import so.rend.edge.cache.RamTier;
import so.rend.edge.origin.Origin;
import so.rend.objectstore.ObjectContent;

/**
 * Coalesces cold fills: at most one origin fetch per artifact however many viewers ask at once, and
 * at most {@code maxInFlight} distinct fetches at a time. Beyond that bound a new artifact is
 * refused (the caller answers 503) while requests for an artifact already being filled still join
 * it.
 */
public final class FillCoordinator {

    private static final Logger log = LoggerFactory.getLogger(FillCoordinator.class);

    private final Map<String, Fill> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final int maxInFlight;
    private final Origin origin;
    private final DiskTier disk;
    private final RamTier ram;
    private final Duration stallTimeout;
    private final Counter fillsStarted;
    private final Counter fillsFailed;
    private final Counter coalescedWaits;
    private final Counter fillsRefused;
    private final Timer originFirstByte;

    public FillCoordinator(
            int maxInFlight,
            Origin origin,
            DiskTier disk,
            RamTier ram,
            Duration stallTimeout,
            MeterRegistry meters) {
        this.maxInFlight = maxInFlight;
        this.origin = origin;
        this.disk = disk;
        this.ram = ram;
        this.stallTimeout = stallTimeout;
        this.fillsStarted = meters.counter("rend.edge.fills", "outcome", "started");
        this.fillsFailed = meters.counter("rend.edge.fills", "outcome", "failed");
        this.fillsRefused = meters.counter("rend.edge.fills", "outcome", "refused");
        this.coalescedWaits = meters.counter("rend.edge.coalesced.waits");
        this.originFirstByte =
                Timer.builder("rend.edge.origin.latency")
                        .description("time from starting an origin fetch to its response head")
                        .register(meters);
        meters.gauge("rend.edge.fills.in.flight", active);
    }

    /**
     * Joins the fill of {@code key}, starting it if none is in flight. Returns {@code null} when a
     * fill of the key has just ended: the artifact is in the cache now. Throws {@link
     * FillCapExceededException} when a new fill would pass the bound.
     */
    public JoinedFill join(String key) {
        for (int attempt = 0; attempt < 8; attempt++) {
            Fill existing = inFlight.get(key);
            if (existing != null) {
                if (existing.acquireReader()) {
                    coalescedWaits.increment();
                    return new JoinedFill(existing, true);
                }
                return null;
            }
            Fill fill = newFill(key);
            if (fill == null) {
                continue;
            }
            fill.acquireReader();
            start(fill);
            return new JoinedFill(fill, false);
        }
        return null;
    }

    /**
     * Starts a fill of {@code key} unless one is in flight; for warming. Completes when the fill
     * ends.
     */
    public Mono<Void> warm(String key) {
        Fill existing = inFlight.get(key);
        if (existing != null) {
            return existing.finished();
        }
        Fill fill = newFill(key);
        if (fill == null) {
            Fill raced = inFlight.get(key);
            return raced == null ? Mono.empty() : raced.finished();
        }
        start(fill);
        return fill.finished();
    }

    public int inFlight() {
        return active.get();
    }

    /**
     * Marks the in-flight fills of {@code keyOrPrefix} (a cache key, or {@code <asset_id>/} for a
     * whole asset) as purged, so they do not put their bytes into the cache when they complete.
     * Call it before removing the cached files.
     */
    public void purgeInFlight(String keyOrPrefix) {
        inFlight.forEach(
                (key, fill) -> {
                    if (keyOrPrefix.endsWith("/")
                            ? key.startsWith(keyOrPrefix)
                            : key.equals(keyOrPrefix)) {
                        fill.markPurged();
                    }
                });
    }

    /** A registered new fill, or {@code null} when another request registered one first. */
    private Fill newFill(String key) {
        if (active.incrementAndGet() > maxInFlight) {
            active.decrementAndGet();
            fillsRefused.increment();
            throw new FillCapExceededException(maxInFlight);
        }
        Fill fill;
        try {
            fill = new Fill(key, disk.newTempFile());
        } catch (IOException e) {
            active.decrementAndGet();
            throw new UncheckedIOException(e);
        }
        if (inFlight.putIfAbsent(key, fill) != null) {
            active.decrementAndGet();
            fill.fail(new IllegalStateException("superseded"));
            return null;
        }
        return fill;
    }

    private void start(Fill fill) {
        fillsStarted.increment();
        long started = System.nanoTime();
        origin.fetch(Artifacts.objectKey(fill.key()))
                .subscribe(
                        content -> {
                            originFirstByte.record(Duration.ofNanos(System.nanoTime() - started));
                            copy(fill, content);
                        },
                        error -> finish(fill, error));
    }

    private void copy(Fill fill, ObjectContent content) {
        String artifact = fill.key().substring(fill.key().indexOf('/') + 1);
        fill.started(
                content.contentLength(),
                content.info().etag(),
                Artifacts.belongsInRam(artifact) && ram.accepts(content.contentLength()));
        Flux.from(content.body())
                .timeout(stallTimeout)
                .subscribe(
                        new BaseSubscriber<ByteBuffer>() {
                            @Override
                            protected void hookOnSubscribe(Subscription subscription) {
                                request(1);
                            }

                            @Override
                            protected void hookOnNext(ByteBuffer bytes) {
                                try {
                                    fill.append(bytes);
                                    request(1);
                                } catch (IOException | RuntimeException e) {
                                    cancel();
                                    finish(fill, e);
                                }
                            }

                            @Override
                            protected void hookOnComplete() {
                                complete(fill, content);
                            }

                            @Override
                            protected void hookOnError(Throwable error) {
                                finish(fill, error);
                            }
                        });
    }

    /**
     * The origin's body has ended: a short body fails the fill, a whole one goes into the cache
     * unless a purge came first.
     */
    private void complete(Fill fill, ObjectContent content) {
        if (fill.written() != content.contentLength()) {
            finish(
                    fill,
                    new IOException(
                            "origin body ended after "
                                    + fill.written()
                                    + " of "
                                    + content.contentLength()
                                    + " bytes"));
            return;
        }
        try {
            if (fill.purged()) {
                // Purged while filling: the readers have their bytes; the cache must not.
                Files.deleteIfExists(fill.tempFile());
                finish(fill, null);
                return;
            }
            DiskTier.Entry entry = disk.commit(fill.key(), fill.tempFile(), content.info().etag());
            byte[] inRam = fill.ramCopy();
            if (inRam != null) {
                ram.put(fill.key(), inRam, entry.etag());
            }
            if (fill.purged()) {
                // The purge raced the commit: undo it.
                disk.remove(fill.key());
                ram.remove(fill.key());
            }
            finish(fill, null);
        } catch (IOException | RuntimeException e) {
            finish(fill, e);
        }
    }

    private void finish(Fill fill, Throwable error) {
        // The cache holds the artifact (or the fill failed) before the fill stops being joinable,
        // so a request never falls between the two.
        inFlight.remove(fill.key(), fill);
        active.decrementAndGet();
        if (error == null) {
            fill.succeed();
        } else {
            fillsFailed.increment();
            log.warn("fill of {} failed: {}", fill.key(), error.toString());
            try {
                Files.deleteIfExists(fill.tempFile());
            } catch (IOException ignored) {
                // Cleared at next start.
            }
            fill.fail(error);
        }
    }
}
