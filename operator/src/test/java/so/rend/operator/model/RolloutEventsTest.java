package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import so.rend.operator.model.RegionRollout.NodeStep;
import so.rend.operator.model.RegionRollout.Phase;
import so.rend.operator.model.RegionRollout.Plan;

class RolloutEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void eachStepOfANodeIsToldOnceAndReplacedPodsAreNamed() {
        Plan plan =
                new Plan(
                        Set.of("a", "c"),
                        List.of("ams-edge-b1"),
                        List.of(),
                        List.of(
                                new NodeStep("a", Phase.Serving, NOW, "new", "new", false),
                                new NodeStep("b", Phase.Withdrawn, NOW, "old", "new", false),
                                new NodeStep("c", Phase.Serving, NOW, "new", "new", false),
                                new NodeStep("d", Phase.Outdated, NOW, "old", "new", false)),
                        false,
                        List.of());
        Map<String, Phase> before =
                Map.of("a", Phase.Warming, "b", Phase.Outdated, "c", Phase.Serving);

        assertThat(RolloutEvents.of(before, plan))
                .extracting(RolloutEvents.Event::reason)
                .containsExactly("NodeRestored", "NodeWithdrawn", "PodReplaced");
        assertThat(RolloutEvents.of(before, plan).get(0).message()).contains("a").contains("new");
        assertThat(RolloutEvents.of(before, plan)).noneMatch(RolloutEvents.Event::warning);
    }

    @Test
    void anUnchangedPhaseOrAFirstSightingSaysNothing() {
        Plan plan =
                new Plan(
                        Set.of("a"),
                        List.of(),
                        List.of(),
                        List.of(
                                new NodeStep("a", Phase.Serving, NOW, "h", "h", false),
                                new NodeStep("b", Phase.Withdrawn, NOW, "h", "h", false)),
                        false,
                        List.of());
        assertThat(RolloutEvents.of(Map.of("a", Phase.Serving), plan)).isEmpty();
    }
}
