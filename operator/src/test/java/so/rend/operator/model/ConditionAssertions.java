package so.rend.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Assertions on a status's conditions, shared by the condition tests. */
final class ConditionAssertions {
    private ConditionAssertions() {}

    static void assertCondition(
            List<Condition> conditions, String type, String value, String reason) {
        Condition condition = condition(conditions, type);
        assertThat(condition.getStatus()).as(type).isEqualTo(value);
        assertThat(condition.getReason()).as(type).isEqualTo(reason);
    }

    static String message(List<Condition> conditions, String type) {
        return condition(conditions, type).getMessage();
    }

    private static Condition condition(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
