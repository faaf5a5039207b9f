package so.rend.api.beacons;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.api.analytics.PlaybackStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts accepted beacons into the analytics store's {@code playback_views} in batches, from one
 * daemon thread: the request only offers to a bounded queue (full: dropped and counted, {@code
 * rend_api_beacons_dropped_total{reason="queue_full"}}), and a batch the store does not take is
 * dropped and counted ({@code reason="store_failed"}), logged at most every 30 s. Beacons are
 * best-effort QoE samples: unlike the edges' request events (the usage meters' source) they have no
 * spool, and a view's later beacon carries all its counters again.
 */
final class BeaconWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BeaconWriter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 1_000;
    private static final long LOG_EVERY_MS = 30_000;

    private final PlaybackStore store;
    private final BlockingQueue<byte[]> queue;
    private final long flushMillis;
    private final Counter accepted;
    private final Counter queueFull;
    private final Counter storeFailed;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastLogged;

    BeaconWriter(PlaybackStore store, int capacity, long flushMillis, MeterRegistry meters) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.flushMillis = flushMillis;
        this.accepted = Counter.builder("rend.api.beacons.accepted").register(meters);
        this.queueFull = dropped(meters, "queue_full");
        this.storeFailed = dropped(meters, "store_failed");
        meters.gauge("rend.api.beacons.queued", queue, BlockingQueue::size);
        this.thread = new Thread(this::run, "rend-beacon-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the beacon's row; false (and counted) when the queue is full. */
    boolean offer(Beacon beacon, long receivedAtEpochSecond) {
        if (!queue.offer(row(beacon, receivedAtEpochSecond))) {
            queueFull.increment();
            return false;
        }
        accepted.increment();
        return true;
    }

    private void run() {
        List<byte[]> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                batch.clear();
                byte[] first = queue.poll(flushMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                Thread.sleep(flushMillis);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    private void write(List<byte[]> batch) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream(batch.size() * 300);
        batch.forEach(lines::writeBytes);
        try {
            store.insertViews(lines.toByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (Exception e) {
            storeFailed.increment(batch.size());
            long now = System.currentTimeMillis();
            if (now - lastLogged >= LOG_EVERY_MS) {
                lastLogged = now;
                log.warn(
                        "{} QoE beacons dropped: the analytics store did not take them ({})",
                        batch.size(),
                        e.toString());
            }
        }
    }

    /** The JSONEachRow line of {@code playback_views} (V002); no token, no address. */
    static byte[] row(Beacon b, long receivedAt) {
        Map<String, Object> row =
                Map.ofEntries(
                        Map.entry("view_id", b.viewId().toString()),
                        Map.entry("asset_id", b.assetId().toString()),
                        Map.entry("received_at", receivedAt),
                        Map.entry("seq", b.seq()),
                        Map.entry("startup_ms", b.startupMs()),
                        Map.entry("page_first_frame_ms", b.pageFirstFrameMs()),
                        Map.entry("watch_ms", b.watchMs()),
                        Map.entry("rebuffer_count", b.rebufferCount()),
                        Map.entry("rebuffer_ms", b.rebufferMs()),
                        Map.entry("bitrate_switches", b.bitrateSwitches()),
                        Map.entry("fatal_error", b.fatalError()),
                        Map.entry("player", b.player()));
        String line = JSON.writeValueAsString(row) + "\n";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("rend.api.beacons.dropped").tag("reason", reason).register(meters);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
