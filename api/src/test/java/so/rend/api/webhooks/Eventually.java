package so.rend.api.webhooks;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition the delivery loops make true in their own time. */
final class Eventually {

    private Eventually() {}

    static void until(Duration atMost, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + atMost);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
