package so.rend.api.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Lets events out in sequence order without losing one to a commit race. {@code bigserial} values
 * are taken at insert but become visible at commit, so sequence 11 can be seen before 10. The gate
 * passes the contiguous run after its head at once and holds back anything after a gap until the
 * gap fills or has stayed open for {@code gapTimeoutNanos} (a rolled-back insert leaves a gap that
 * never fills). Pure logic: the caller supplies the time.
 */
final class SequenceGate<E> {

    private final ToLongFunction<E> sequence;
    private final long gapTimeoutNanos;
    private long head;
    private long gapSince = -1;

    SequenceGate(long head, long gapTimeoutNanos, ToLongFunction<E> sequence) {
        this.head = head;
        this.gapTimeoutNanos = gapTimeoutNanos;
        this.sequence = sequence;
    }

    long head() {
        return head;
    }

    /** Whether events are being held back at a gap (the caller should look again soon). */
    boolean waitingAtGap() {
        return gapSince >= 0;
    }

    /**
     * Takes the events read after {@link #head()} (ascending) and returns those that may go out
     * now, advancing the head past them.
     */
    List<E> offer(List<E> ascending, long nowNanos) {
        List<E> ready = new ArrayList<>(ascending.size());
        for (E event : ascending) {
            long s = sequence.applyAsLong(event);
            if (s <= head) {
                continue;
            }
            if (s != head + 1) {
                if (gapSince < 0) {
                    gapSince = nowNanos;
                }
                if (nowNanos - gapSince < gapTimeoutNanos) {
                    break;
                }
            }
            ready.add(event);
            head = s;
            gapSince = -1;
        }
        return ready;
    }
}
