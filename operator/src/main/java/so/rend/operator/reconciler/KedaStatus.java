package so.rend.operator.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/** What KEDA says of a ScaledObject it runs: its {@code Ready} condition. */
final class KedaStatus {
    private KedaStatus() {}

    /**
     * KEDA's message when its Ready condition is False (a trigger it cannot reach, a target it
     * cannot scale); null when Ready, or while KEDA has not reported yet.
     */
    static String notReadyMessage(GenericKubernetesResource scaledObject) {
        if (scaledObject == null
                || !(scaledObject.getAdditionalProperties().get("status") instanceof Map<?, ?> s)
                || !(s.get("conditions") instanceof List<?> conditions)) {
            return null;
        }
        for (Object condition : conditions) {
            if (condition instanceof Map<?, ?> c
                    && "Ready".equals(c.get("type"))
                    && "False".equals(c.get("status"))) {
                Object reason = c.get("reason");
                Object message = c.get("message");
                return "KEDA reports the ScaledObject not ready"
                        + (reason == null ? "" : " (" + reason + ")")
                        + (message == null ? "" : ": " + message);
            }
        }
        return null;
    }
}
