package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UploadSlotsTest {

    @Test
    void takesUpToItsBoundAndTakesAgainOnceASlotIsGivenBack() {
        UploadSlots slots = new UploadSlots(3);

        assertThat(slots.tryTake()).isTrue();
        assertThat(slots.tryTake()).isTrue();
        assertThat(slots.tryTake()).isTrue();
        assertThat(slots.tryTake()).isFalse();
        assertThat(slots.inFlight()).isEqualTo(3);

        slots.giveBack();

        assertThat(slots.inFlight()).isEqualTo(2);
        assertThat(slots.tryTake()).isTrue();
        assertThat(slots.tryTake()).isFalse();
    }

    @Test
    void neverHandsOutMoreSlotsThanItHasUnderContention() throws Exception {
        UploadSlots slots = new UploadSlots(5);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> takers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                takers.add(
                        () -> {
                            int taken = 0;
                            for (int attempt = 0; attempt < 1_000; attempt++) {
                                if (slots.tryTake()) {
                                    taken++;
                                }
                            }
                            return taken;
                        });
            }
            int total = 0;
            for (Future<Integer> taken : threads.invokeAll(takers)) {
                total += taken.get();
            }
            assertThat(total).isEqualTo(5);
            assertThat(slots.inFlight()).isEqualTo(5);
        } finally {
            threads.shutdownNow();
        }
    }
}
