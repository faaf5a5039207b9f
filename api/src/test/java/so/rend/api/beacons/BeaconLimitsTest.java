package so.rend.api.beacons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BeaconLimitsTest {

    @Test
    void aClientsAndATokensBudgetsAreApart() {
        BeaconLimits limits = new BeaconLimits(3, 5);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.token("t1")).isTrue();
        }
        assertThat(limits.token("t1")).isFalse();
        assertThat(limits.token("t2")).as("another token").isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(limits.client("10.0.0.1")).isTrue();
        }
        assertThat(limits.client("10.0.0.1")).isFalse();
        assertThat(limits.client("10.0.0.2")).as("another client").isTrue();
        assertThat(limits.client("t2"))
                .as("a client named like a token has its own bucket")
                .isTrue();
    }

    @Test
    void manyClientsKeepTheMapBounded() {
        BeaconLimits limits = new BeaconLimits(1, 1);
        for (int i = 0; i < 150_000; i++) {
            limits.client("client-" + i);
        }
        // Caffeine evicts asynchronously, so a little past its bound is allowed.
        assertThat(limits.size()).isLessThanOrEqualTo(110_000);
    }

    @Test
    void budgetsMustBePositive() {
        assertThatThrownBy(() -> new BeaconLimits(0, 5))
                .hasMessageContaining("REND_BEACON_RATE_PER_TOKEN_PER_MIN");
    }
}
