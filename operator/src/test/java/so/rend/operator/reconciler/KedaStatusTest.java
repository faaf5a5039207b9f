package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KedaStatusTest {
    @Test
    void readyFalseGivesKedasReasonAndMessage() {
        var scaledObject =
                withConditions(
                        Map.of("type", "Active", "status", "False"),
                        Map.of(
                                "type",
                                "Ready",
                                "status",
                                "False",
                                "reason",
                                "ScaledObjectCheckFailed",
                                "message",
                                "no such host"));
        assertThat(KedaStatus.notReadyMessage(scaledObject))
                .isEqualTo(
                        "KEDA reports the ScaledObject not ready (ScaledObjectCheckFailed): no such"
                                + " host");
    }

    @Test
    void readyOrNotYetReportedIsNotAProblem() {
        assertThat(KedaStatus.notReadyMessage(null)).isNull();
        assertThat(KedaStatus.notReadyMessage(new GenericKubernetesResource())).isNull();
        assertThat(
                        KedaStatus.notReadyMessage(
                                withConditions(Map.of("type", "Ready", "status", "True"))))
                .isNull();
        assertThat(
                        KedaStatus.notReadyMessage(
                                withConditions(Map.of("type", "Ready", "status", "Unknown"))))
                .isNull();
    }

    @SafeVarargs
    private static GenericKubernetesResource withConditions(Map<String, Object>... conditions) {
        var resource = new GenericKubernetesResource();
        resource.setAdditionalProperty("status", Map.of("conditions", List.of(conditions)));
        return resource;
    }
}
