package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static so.rend.operator.model.ConditionAssertions.assertCondition;
import static so.rend.operator.model.ConditionAssertions.message;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import so.rend.operator.model.EdgeNodeConditions.Observed;

class EdgeNodeConditionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aMissingNodeDegradesTheEdgeNodeWithNodeNotFound() {
        var conditions = of(new Observed("n1", false, null, false, null, null));
        assertCondition(conditions, Conditions.DEGRADED, "True", "NodeNotFound");
        assertThat(message(conditions, Conditions.DEGRADED)).contains("n1");
        // Nothing can progress on a node that does not exist.
        assertCondition(conditions, Conditions.PROGRESSING, "False", "WaitingForEdgePod");
        assertCondition(conditions, Conditions.READY, "False", "EdgeNotReady");
    }

    @Test
    void aNodeWithoutAReadyEdgePodWaitsForIt() {
        var conditions = of(new Observed("n1", true, null, false, null, null));
        assertCondition(conditions, Conditions.DEGRADED, "False", "AsExpected");
        assertCondition(conditions, Conditions.PROGRESSING, "True", "WaitingForEdgePod");
        assertCondition(conditions, Conditions.READY, "False", "EdgeNotReady");
    }

    @Test
    void aReadyPodTheControlPlaneDoesNotKnowWaitsForRegistration() {
        var conditions = of(new Observed("n1", true, "edge-x", true, false, null));
        assertCondition(conditions, Conditions.PROGRESSING, "True", "WaitingForRegistration");
        assertCondition(conditions, Conditions.READY, "False", "NotRegistered");
        assertThat(message(conditions, Conditions.READY))
                .contains("waiting for edge n1 to register");
    }

    @Test
    void aReadyRegisteredEdgeIsReady() {
        var conditions = of(new Observed("n1", true, "edge-x", true, true, null));
        assertCondition(conditions, Conditions.PROGRESSING, "False", "EdgeRunning");
        assertCondition(conditions, Conditions.READY, "True", "EdgeReady");
        assertThat(message(conditions, Conditions.READY))
                .isEqualTo("edge pod edge-x ready and registered");
    }

    @Test
    void whileTheControlPlaneCannotBeAskedReadinessFollowsThePodAndSaysWhy() {
        var never = of(new Observed("n1", true, "edge-x", true, null, "connection refused"));
        assertCondition(never, Conditions.READY, "True", "EdgeReady");
        assertThat(message(never, Conditions.READY))
                .contains("registration unknown (connection refused), last known: none");

        var lastNo = of(new Observed("n1", true, "edge-x", true, false, "timeout"));
        assertCondition(lastNo, Conditions.READY, "False", "NotRegistered");
        assertThat(message(lastNo, Conditions.READY)).contains("last known: not registered");
    }

    private static List<Condition> of(Observed observed) {
        return EdgeNodeConditions.of(List.of(), observed, 2L, T0);
    }
}
