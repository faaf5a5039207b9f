package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class JdbcQueueDepthTest {
    @Test
    void turnsAPostgresUrlIntoAJdbcUrlAndCredentials() {
        Properties properties = new Properties();
        String jdbc =
                JdbcQueueDepth.toJdbc(
                        "postgresql://rend:p%40ss@db.internal:5433/rend?sslmode=require",
                        properties);
        assertThat(jdbc).isEqualTo("jdbc:postgresql://db.internal:5433/rend?sslmode=require");
        assertThat(properties).containsEntry("user", "rend").containsEntry("password", "p@ss");
    }

    @Test
    void acceptsTheShortSchemeAndJdbcUrls() {
        Properties properties = new Properties();
        assertThat(JdbcQueueDepth.toJdbc("postgres://db/rend", properties))
                .isEqualTo("jdbc:postgresql://db/rend");
        assertThat(properties).isEmpty();
        assertThat(JdbcQueueDepth.toJdbc("jdbc:postgresql://db/rend", properties))
                .isEqualTo("jdbc:postgresql://db/rend");
    }
}
