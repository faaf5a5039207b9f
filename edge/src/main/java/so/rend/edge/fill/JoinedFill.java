package so.rend.edge.fill;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * A reader's place in a fill, as {@link FillCoordinator#join} hands it out: {@code coalesced} when
 * it joined a fill another request started.
 */
public final class JoinedFill {

    private final Fill fill;
    private final boolean coalesced;
    private final AtomicBoolean released = new AtomicBoolean();

    JoinedFill(Fill fill, boolean coalesced) {
        this.fill = fill;
        this.coalesced = coalesced;
    }

    public Fill fill() {
        return fill;
    }

    public boolean coalesced() {
        return coalesced;
    }

    /**
     * Bytes {@code [from, to)} as they land; releases the reader's registration when the stream
     * ends.
     */
    public Flux<DataBuffer> read(long from, long to) {
        return FillReader.read(fill, from, to, this::release);
    }

    /**
     * Gives up the registration, at most once: a viewer who disconnects cancels both the head and
     * its stream, and a second release would close the fill's file under another viewer.
     */
    public void release() {
        if (released.compareAndSet(false, true)) {
            fill.releaseReader();
        }
    }
}
