package so.rend.edge.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one thread that ships events: takes batches from {@link PlaybackTelemetry}, inserts them into
 * the {@link EventSink} (ClickHouse, or the embedded mode's DuckDB) as JSONEachRow, and when it
 * fails or is slow (the client's timeout) puts them in the {@link TelemetrySpool} instead. While
 * the spool holds anything, new batches go behind it and the spool is replayed oldest first, so the
 * store receives batches in the order they were made. After a failure it waits (1 s doubling to 30
 * s) before trying ClickHouse again. Nothing here runs on an event loop.
 */
final class TelemetrySender implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TelemetrySender.class);
    private static final JsonMapper JSON =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .build();

    private static final long MIN_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final PlaybackTelemetry queue;
    private final TelemetrySpool spool;
    private final EventSink sink;
    private final int batchMax;
    private final long flushMillis;
    private final Counter sent;
    private final Counter rejected;
    private final Counter failures;
    private volatile boolean running = true;
    private long retryAt;
    private long backoff = MIN_BACKOFF_MS;

    TelemetrySender(
            PlaybackTelemetry queue,
            TelemetrySpool spool,
            EventSink sink,
            int batchMax,
            long flushMillis,
            MeterRegistry meters) {
        this.queue = queue;
        this.spool = spool;
        this.sink = sink;
        this.batchMax = batchMax;
        this.flushMillis = flushMillis;
        this.sent = Counter.builder("rend.edge.telemetry.sent").register(meters);
        this.rejected = TelemetryMeters.dropped(meters, "rejected");
        this.failures = Counter.builder("rend.edge.telemetry.insert.failures").register(meters);
        meters.gauge("rend.edge.telemetry.spool.bytes", spool, TelemetrySpool::bytes);
    }

    @Override
    public void run() {
        List<PlaybackEvent> batch = new ArrayList<>(batchMax);
        while (running) {
            try {
                batch.clear();
                queue.drainTo(batch, batchMax, flushMillis);
                if (batch.size() < batchMax && running) {
                    // Let a batch fill for one interval rather than insert every event alone.
                    Thread.sleep(flushMillis);
                    queue.drainTo(batch, batchMax - batch.size(), 0);
                }
                ship(batch);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException e) {
                log.warn("telemetry sender: {}", e.toString());
            }
        }
        // Stopping: what is still in memory goes to the spool, for the next start to replay.
        batch.clear();
        try {
            while (queue.drainTo(batch, batchMax, 0) > 0) {
                spool.append(lines(batch), batch.size());
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running = false;
    }

    private void ship(List<PlaybackEvent> batch) {
        if (!batch.isEmpty()) {
            byte[] body = lines(batch);
            if (!spool.isEmpty() || !mayTry() || !insert(body, batch.size())) {
                spool.append(body, batch.size());
            } else {
                sent.increment(batch.size());
            }
        }
        replay();
    }

    private void replay() {
        while (!spool.isEmpty() && mayTry() && running) {
            Path file = spool.oldest();
            try {
                byte[] body = Files.readAllBytes(file);
                int events = count(body);
                if (!insert(body, events)) {
                    return;
                }
                sent.increment(events);
                spool.remove(file);
            } catch (IOException e) {
                log.warn("telemetry spool {}: {}", file.getFileName(), e.toString());
                return;
            }
        }
    }

    private boolean mayTry() {
        return System.currentTimeMillis() >= retryAt;
    }

    /** True when the store took the lines (or refused them for good: they are then dropped). */
    private boolean insert(byte[] body, int events) {
        try {
            sink.insert(body, events);
            backoff = MIN_BACKOFF_MS;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        } catch (EventSink.Rejected e) {
            log.warn(
                    "the analytics store refused {} telemetry events for good: {}",
                    events,
                    e.getMessage());
            rejected.increment(events);
            return true;
        } catch (Exception e) {
            failures.increment();
            retryAt = System.currentTimeMillis() + backoff;
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            log.debug("telemetry insert failed, spooling: {}", e.toString());
            return false;
        }
    }

    private static byte[] lines(List<PlaybackEvent> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 320);
        for (PlaybackEvent event : batch) {
            out.writeBytes(JSON.writeValueAsBytes(event));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static int count(byte[] body) {
        int lines = 0;
        for (byte b : body) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
