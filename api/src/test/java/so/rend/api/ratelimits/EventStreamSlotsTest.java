package so.rend.api.ratelimits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventStreamSlotsTest {

    @Test
    void anAccountHoldsAtMostItsSlotsAndAGivenBackSlotIsFreeAgain() {
        EventStreamSlots slots = new EventStreamSlots(2);
        UUID account = UUID.randomUUID();
        assertThat(slots.tryTake(account)).isTrue();
        assertThat(slots.tryTake(account)).isTrue();
        assertThat(slots.tryTake(account)).isFalse();
        assertThat(slots.tryTake(UUID.randomUUID())).isTrue();
        slots.giveBack(account);
        assertThat(slots.tryTake(account)).isTrue();
        assertThat(slots.total()).isEqualTo(3);
    }

    @Test
    void anAccountWithNoOpenStreamKeepsNoEntry() {
        EventStreamSlots slots = new EventStreamSlots(5);
        UUID account = UUID.randomUUID();
        slots.tryTake(account);
        slots.giveBack(account);
        assertThat(slots.open(account)).isZero();
        assertThat(slots.total()).isZero();
    }
}
