package so.rend.edge.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between the event loops and the sender. {@link #offer} never blocks: a full
 * queue drops the event and counts it ({@code rend.edge.telemetry.dropped{reason=queue_full}}).
 */
public final class PlaybackTelemetry {

    private final BlockingQueue<PlaybackEvent> queue;
    private final Counter dropped;
    private final Counter recorded;

    public PlaybackTelemetry(int capacity, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropped = TelemetryMeters.dropped(meters, "queue_full");
        this.recorded = Counter.builder("rend.edge.telemetry.events").register(meters);
        meters.gauge("rend.edge.telemetry.queue.events", queue, BlockingQueue::size);
    }

    public void offer(PlaybackEvent event) {
        if (queue.offer(event)) {
            recorded.increment();
        } else {
            dropped.increment();
        }
    }

    /**
     * Waits up to {@code wait} for a first event, then takes what is there, at most {@code max}.
     */
    int drainTo(List<PlaybackEvent> batch, int max, long waitMillis) throws InterruptedException {
        PlaybackEvent first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        batch.add(first);
        return 1 + queue.drainTo(batch, max - 1);
    }

    int size() {
        return queue.size();
    }
}
