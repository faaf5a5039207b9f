package so.rend.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Kubernetes-style conditions: lastTransitionTime changes only when the status does. */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    /** Set while {@link ResourceNames#PAUSE_ANNOTATION} is {@code "true"} (Strimzi's name). */
    public static final String RECONCILIATION_PAUSED = "ReconciliationPaused";

    private Conditions() {}

    public static List<Condition> set(
            List<Condition> current,
            String type,
            boolean status,
            String reason,
            String message,
            Long generation,
            Instant now) {
        List<Condition> next = new ArrayList<>();
        String statusText = status ? "True" : "False";
        String transition = now.toString();
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (c.getType().equals(type)) {
                if (statusText.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            } else {
                next.add(c);
            }
        }
        next.add(
                new ConditionBuilder()
                        .withType(type)
                        .withStatus(statusText)
                        .withReason(reason)
                        .withMessage(message)
                        .withObservedGeneration(generation)
                        .withLastTransitionTime(transition)
                        .build());
        next.sort(Comparator.comparing(Condition::getType));
        return next;
    }

    /** A failed reconcile as a condition message: the innermost cause, kept short. */
    public static String failure(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message =
                cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 400 ? message.substring(0, 400) + "…" : message;
    }

    /** {@code current} without the condition of {@code type}. */
    public static List<Condition> remove(List<Condition> current, String type) {
        return current == null
                ? List.of()
                : current.stream().filter(c -> !c.getType().equals(type)).toList();
    }

    /**
     * Whether the object asks the operator to leave it alone: {@value
     * ResourceNames#PAUSE_ANNOTATION} is {@code "true"}.
     */
    public static boolean pauseRequested(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null
                && "true".equals(annotations.get(ResourceNames.PAUSE_ANNOTATION));
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return conditions != null
                && conditions.stream()
                        .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
    }

    /** The reason of the condition of this type when it is True, else null. */
    public static String trueReason(List<Condition> conditions, String type) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                        .map(Condition::getReason)
                        .findFirst()
                        .orElse(null);
    }
}
