package so.rend.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationTest {

    @Test
    void splitsStatementsDropsCommentsAndNamesTheDatabase() {
        Migration m =
                Migration.parse(
                        "V002__two_tables.sql",
                        "-- a comment; with a semicolon\n"
                                + "CREATE TABLE IF NOT EXISTS {database}.a\n(x UInt8)\n"
                                + "ENGINE = TinyLog;\n\n"
                                + "  -- indented comment\n"
                                + "CREATE TABLE IF NOT EXISTS {database}.b (y UInt8) ENGINE ="
                                + " TinyLog;\n");
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.name()).isEqualTo("two_tables");
        assertThat(m.statements("rend_test"))
                .containsExactly(
                        "CREATE TABLE IF NOT EXISTS rend_test.a\n(x UInt8)\nENGINE = TinyLog",
                        "CREATE TABLE IF NOT EXISTS rend_test.b (y UInt8) ENGINE = TinyLog");
    }

    @Test
    void refusesOddFileNamesAndAnUnterminatedStatement() {
        assertThatThrownBy(() -> Migration.parse("V1_x.sql", "SELECT 1;"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Migration.parse("V1__x.sql", "SELECT 1").statements("d"))
                .hasMessageContaining("ends without ';'");
    }

    @Test
    void planAppliesWhatIsMissingAndRefusesAnEditedMigration() {
        Migration one = Migration.parse("V1__one.sql", "SELECT 1;");
        Migration two = Migration.parse("V2__two.sql", "SELECT 2;");
        assertThat(MigrationPlan.pending(List.of(one, two), List.of())).containsExactly(one, two);
        MigrationPlan.Applied oneDone = new MigrationPlan.Applied(1, "one", one.checksum());
        assertThat(MigrationPlan.pending(List.of(one, two), List.of(oneDone))).containsExactly(two);
        // A newer build's version is left alone.
        assertThat(
                        MigrationPlan.pending(
                                List.of(one),
                                List.of(oneDone, new MigrationPlan.Applied(2, "two", "x"))))
                .isEmpty();
        assertThatThrownBy(
                        () ->
                                MigrationPlan.pending(
                                        List.of(one),
                                        List.of(new MigrationPlan.Applied(1, "one", "other"))))
                .hasMessageContaining("applied from other SQL");
        assertThatThrownBy(() -> MigrationPlan.pending(List.of(two), List.of()))
                .hasMessageContaining("numbered 1, 2, 3");
    }

    @Test
    void theListNamesEverySqlFileInTheFolderInOrder() throws IOException {
        List<String> listed =
                ClickHouseSchema.available().stream()
                        .map(m -> String.format("V%03d__%s.sql", m.version(), m.name()))
                        .toList();
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            List<String> onDisk =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".sql"))
                            .sorted()
                            .toList();
            assertThat(listed).isEqualTo(onDisk);
        }
        assertThat(ClickHouseSchema.available()).isNotEmpty();
    }
}
