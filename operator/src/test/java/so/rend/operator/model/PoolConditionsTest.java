package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static so.rend.operator.model.ConditionAssertions.assertCondition;
import static so.rend.operator.model.ConditionAssertions.message;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolConditionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aPoolWithAllItsWorkersReadyIsReadySettledAndNotDegraded() {
        var conditions = PoolConditions.of(List.of(), null, 3, 3, "builtin", 4L, T0);
        assertCondition(conditions, Conditions.READY, "True", "WorkersReady");
        assertCondition(conditions, Conditions.PROGRESSING, "False", "Settled");
        assertCondition(conditions, Conditions.DEGRADED, "False", "AsExpected");
        assertThat(message(conditions, Conditions.READY))
                .isEqualTo("3/3 workers ready (builtin scaler)");
        assertThat(conditions).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(4L));
    }

    @Test
    void aPoolStillScalingIsProgressingAndNotReady() {
        var conditions = PoolConditions.of(List.of(), null, 1, 4, "builtin", 1L, T0);
        assertCondition(conditions, Conditions.READY, "False", "WorkersNotReady");
        assertCondition(conditions, Conditions.PROGRESSING, "True", "ScalingWorkers");
    }

    @Test
    void eachProblemDegradesThePoolWithItsOwnReason() {
        for (String reason :
                List.of("KedaNotInstalled", "ScaledObjectNotReady", "QueueDepthUnavailable")) {
            var conditions =
                    PoolConditions.of(
                            List.of(),
                            new PoolConditions.Problem(reason, "why: " + reason),
                            2,
                            2,
                            "keda",
                            1L,
                            T0);
            assertCondition(conditions, Conditions.DEGRADED, "True", reason);
            assertThat(message(conditions, Conditions.DEGRADED)).isEqualTo("why: " + reason);
            // A degraded pool that still runs its workers stays Ready: viewers' jobs still run.
            assertCondition(conditions, Conditions.READY, "True", "WorkersReady");
        }
    }

    @Test
    void aSolvedProblemClearsDegraded() {
        var degraded =
                PoolConditions.of(
                        List.of(),
                        new PoolConditions.Problem("QueueDepthUnavailable", "down"),
                        1,
                        1,
                        "builtin",
                        1L,
                        T0);
        var after = PoolConditions.of(degraded, null, 1, 1, "builtin", 1L, T0.plusSeconds(5));
        assertCondition(after, Conditions.DEGRADED, "False", "AsExpected");
    }
}
