package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import so.rend.operator.model.EdgeNodeDrain.Outcome;
import so.rend.operator.model.EdgeNodeDrain.RegionView;

class EdgeNodeDrainTest {
    private static final Instant DELETED = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void waitsForTheRegionToWithdrawTheNodeThenOneTtl() {
        RegionView serving = new RegionView(true, true, "Serving", DELETED.minusSeconds(600), true);
        assertThat(EdgeNodeDrain.decide(serving, TTL, DELETED, DELETED.plusSeconds(1)).outcome())
                .isEqualTo(Outcome.Waiting);

        Instant withdrawn = DELETED.plusSeconds(2);
        RegionView leaving = new RegionView(true, true, "Leaving", withdrawn, false);
        var early = EdgeNodeDrain.decide(leaving, TTL, DELETED, withdrawn.plusSeconds(59));
        assertThat(early.outcome()).isEqualTo(Outcome.Waiting);
        assertThat(early.recheckIn()).isEqualTo(Duration.ofSeconds(1));
        assertThat(EdgeNodeDrain.decide(leaving, TTL, DELETED, withdrawn.plusSeconds(60)).outcome())
                .isEqualTo(Outcome.Drained);

        // Leaving in the status but still in the records: not drained.
        RegionView stillListed = new RegionView(true, true, "Leaving", withdrawn, true);
        assertThat(
                        EdgeNodeDrain.decide(stillListed, TTL, DELETED, withdrawn.plusSeconds(120))
                                .release())
                .isFalse();
    }

    @Test
    void noRegionOrANodeItNeverListedIsReleasedAtOnce() {
        assertThat(
                        EdgeNodeDrain.decide(
                                        new RegionView(false, false, null, null, false),
                                        TTL,
                                        DELETED,
                                        DELETED)
                                .outcome())
                .isEqualTo(Outcome.NoRegion);
        assertThat(
                        EdgeNodeDrain.decide(
                                        new RegionView(true, false, null, null, false),
                                        TTL,
                                        DELETED,
                                        DELETED)
                                .outcome())
                .isEqualTo(Outcome.NotInRegion);
    }

    @Test
    void aRegionThatNeverReportsIsWaitedForBoundedly() {
        RegionView stuck = new RegionView(true, true, "Serving", DELETED, true);
        assertThat(EdgeNodeDrain.decide(stuck, TTL, DELETED, DELETED.plusSeconds(299)).release())
                .isFalse();
        assertThat(EdgeNodeDrain.decide(stuck, TTL, DELETED, DELETED.plusSeconds(300)).outcome())
                .isEqualTo(Outcome.TimedOut);
        // A long TTL waits longer than the region waits for external-dns (three TTLs) and the
        // drain after it (one), plus a minute.
        Duration hour = Duration.ofHours(1);
        Instant bound = DELETED.plus(Duration.ofHours(4)).plusSeconds(60);
        assertThat(EdgeNodeDrain.decide(stuck, hour, DELETED, bound.minusSeconds(1)).release())
                .isFalse();
        assertThat(EdgeNodeDrain.decide(stuck, hour, DELETED, bound).outcome())
                .isEqualTo(Outcome.TimedOut);
    }

    @Test
    void outOfDnsItWaitsForTheDrainToBeginBeforeCountingTheTtl() {
        RegionView notYet = new RegionView(true, true, "Leaving", null, false);
        var waiting = EdgeNodeDrain.decide(notYet, TTL, DELETED, DELETED.plusSeconds(120));
        assertThat(waiting.outcome()).isEqualTo(Outcome.Waiting);
        assertThat(waiting.message()).contains("external-dns");
    }
}
