package so.rend.api.ratelimits;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event streams each account holds open in this process ({@code REND_MAX_SSE_PER_KEY}). Only
 * open streams have an entry, so the map is as big as the connections are many, never more.
 */
public final class EventStreamSlots {

    private final int maxPerAccount;
    private final Map<UUID, Integer> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public EventStreamSlots(int maxPerAccount) {
        this.maxPerAccount = maxPerAccount;
    }

    /** Takes a slot for {@code account}; false when it already holds the most. */
    public boolean tryTake(UUID account) {
        boolean[] taken = {false};
        open.compute(
                account,
                (key, count) -> {
                    int now = count == null ? 0 : count;
                    if (now >= maxPerAccount) {
                        return count;
                    }
                    taken[0] = true;
                    return now + 1;
                });
        if (taken[0]) {
            total.incrementAndGet();
        }
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryTake}; called once per slot. */
    public void giveBack(UUID account) {
        open.computeIfPresent(account, (key, count) -> count <= 1 ? null : count - 1);
        total.decrementAndGet();
    }

    public int open(UUID account) {
        return open.getOrDefault(account, 0);
    }

    public int total() {
        return total.get();
    }

    public int maxPerAccount() {
        return maxPerAccount;
    }
}
