package so.rend.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void readsEveryPartOfAPostgresUrl() {
        DatabaseUrl url =
                DatabaseUrl.parse(
                        "postgres://rend:p%40ss@db.internal:6432/rend_prod?sslmode=require");

        assertThat(url)
                .isEqualTo(
                        new DatabaseUrl(
                                "db.internal", 6432, "rend_prod", "rend", "p@ss", "require"));
        assertThat(url.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.internal:6432/rend_prod?sslmode=require");
    }

    @Test
    void defaultsThePortAndAcceptsTheLongScheme() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app@localhost/rend");

        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isNull();
    }

    @Test
    void neverShowsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://rend:very-secret@localhost:5432/rend");

        assertThat(url.toString()).doesNotContain("very-secret").contains("***");
    }

    @Test
    void rejectsWhatIsNotAPostgresUrlWithoutEchoingIt() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/db"))
                .hasMessageNotContaining("secret")
                .hasMessageContaining("postgres://");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:secret@h"))
                .hasMessageContaining("no database");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
    }
}
