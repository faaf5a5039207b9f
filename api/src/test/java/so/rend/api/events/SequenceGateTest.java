package so.rend.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceGateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void passesAContiguousRunAndSkipsWhatItAlreadyPassed() {
        SequenceGate<Long> gate = new SequenceGate<>(10, SECOND, s -> s);

        assertThat(gate.offer(List.of(9L, 10L, 11L, 12L), 0)).containsExactly(11L, 12L);
        assertThat(gate.head()).isEqualTo(12);
        assertThat(gate.waitingAtGap()).isFalse();
    }

    @Test
    void holdsBackEventsAfterAGapUntilItFills() {
        SequenceGate<Long> gate = new SequenceGate<>(10, SECOND, s -> s);

        assertThat(gate.offer(List.of(11L, 13L, 14L), 0)).containsExactly(11L);
        assertThat(gate.waitingAtGap()).isTrue();
        assertThat(gate.offer(List.of(13L, 14L), SECOND / 2)).isEmpty();
        assertThat(gate.offer(List.of(12L, 13L, 14L), SECOND / 2 + 1))
                .containsExactly(12L, 13L, 14L);
        assertThat(gate.waitingAtGap()).isFalse();
    }

    @Test
    void givesUpOnAGapThatStaysOpenPastTheTimeout() {
        SequenceGate<Long> gate = new SequenceGate<>(10, SECOND, s -> s);

        assertThat(gate.offer(List.of(12L), 0)).isEmpty();
        assertThat(gate.offer(List.of(12L, 13L), SECOND)).containsExactly(12L, 13L);
        assertThat(gate.head()).isEqualTo(13);
    }
}
