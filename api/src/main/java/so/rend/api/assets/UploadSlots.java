package so.rend.api.assets;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The uploads this process takes at once ({@code REND_MAX_CONCURRENT_UPLOADS}). An upload at full
 * speed holds up to two parts in memory, so this bound, not the heap, decides how many run; the one
 * past it is refused before its body is read and its client told to come back.
 */
final class UploadSlots {

    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    UploadSlots(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        this.max = max;
    }

    /** Takes a slot; false when all are taken. Every slot taken is given back once. */
    boolean tryTake() {
        while (true) {
            int now = taken.get();
            if (now >= max) {
                return false;
            }
            if (taken.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void giveBack() {
        taken.decrementAndGet();
    }

    int inFlight() {
        return taken.get();
    }
}
