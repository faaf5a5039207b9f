package so.rend.edge.fill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Streams bytes {@code [from, to)} of a fill as the writer lands them: on each write, and on each
 * downstream request, it reads what is newly available and emits it, so a viewer's bytes follow the
 * origin's. File reads run on a bounded-elastic worker, never on a Netty event loop.
 */
final class FillReader {

    private static final int CHUNK = 64 * 1024;

    private final Fill fill;
    private final Runnable release;
    private final FluxSink<DataBuffer> sink;
    private final long to;
    private final Scheduler.Worker worker = Schedulers.boundedElastic().createWorker();
    private final AtomicInteger wip = new AtomicInteger();
    private final Runnable onWrite = this::schedule;
    private long position;
    private volatile boolean done;

    private FillReader(Fill fill, Runnable release, FluxSink<DataBuffer> sink, long from, long to) {
        this.fill = fill;
        this.release = release;
        this.sink = sink;
        this.position = from;
        this.to = to;
    }

    /**
     * The reader must already hold a reader registration on {@code fill}; the flux gives it up with
     * {@code release}.
     */
    static Flux<DataBuffer> read(Fill fill, long from, long to, Runnable release) {
        return Flux.create(
                sink -> {
                    FillReader reader = new FillReader(fill, release, sink, from, to);
                    sink.onRequest(n -> reader.schedule());
                    sink.onDispose(reader::dispose);
                    fill.addListener(reader.onWrite);
                    reader.schedule();
                });
    }

    private void schedule() {
        if (!done && wip.getAndIncrement() == 0) {
            worker.schedule(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        do {
            long available = Math.min(to, fill.written());
            while (!done && position < available && sink.requestedFromDownstream() > 0) {
                int n = (int) Math.min(CHUNK, available - position);
                ByteBuffer bytes = ByteBuffer.allocate(n);
                try {
                    while (bytes.hasRemaining()) {
                        int read = fill.read(bytes, position + bytes.position());
                        if (read < 0) {
                            throw new IOException("cache file ended early");
                        }
                    }
                } catch (IOException e) {
                    done = true;
                    sink.error(e);
                    return;
                }
                bytes.flip();
                position += n;
                sink.next(DefaultDataBufferFactory.sharedInstance.wrap(bytes));
            }
            if (done) {
                return;
            }
            // A reader of the object's end finishes only once the fill has ended (committed or
            // failed),
            // so the next request on this keep-alive connection finds the artifact in the cache.
            if (position >= to
                    && (to < fill.contentLength() || fill.complete() || fill.failure() != null)) {
                done = true;
                sink.complete();
                return;
            }
            if (position < to && fill.failure() != null) {
                done = true;
                sink.error(fill.failure());
                return;
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void dispose() {
        done = true;
        fill.removeListener(onWrite);
        worker.dispose();
        release.run();
    }
}
