package so.rend.clickhouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.clickhouse.ClickHouseClients;
import so.rend.clickhouse.ClickHouseSettings;
import so.rend.clickhouse.testing.ClickHouseTestServer;

/** The schema runner against a real clickhouse-server (Debian's 18.16 on CI). */
class ClickHouseSchemaIT {

    private static ClickHouseTestServer server;

    @BeforeAll
    static void start() {
        server = ClickHouseTestServer.startOrSkip();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void appliesEveryMigrationOnceAndRecordsIt() {
        ClickHouseSettings settings = server.settings("schema_once");
        try (Client client = ClickHouseClients.create(settings)) {
            ClickHouseSchema schema = new ClickHouseSchema(client, settings);
            int count = ClickHouseSchema.available().size();
            assertThat(schema.migrate()).hasSize(count).startsWith(1);
            assertThat(schema.migrate()).isEmpty();
            assertThat(schema.applied()).hasSize(count);
        }
        assertThat(
                        server.sql(
                                "SELECT name, type FROM system.columns WHERE database ="
                                        + " 'schema_once' AND table = 'playback_events' FORMAT"
                                        + " TSV"))
                .contains("event_id\tUUID\n")
                .contains("observed_at\tDateTime\n")
                .contains("cache_status\tEnum8(")
                .contains("bytes_served\tUInt64\n");
        assertThat(
                        server.sql(
                                "SELECT engine, partition_key FROM system.tables WHERE database"
                                        + " = 'schema_once' AND name = 'playback_events' FORMAT"
                                        + " TSV"))
                .startsWith("ReplacingMergeTree\ttoDate(observed_at)");
    }

    @Test
    void refusesADatabaseBuiltFromOtherSql() {
        ClickHouseSettings settings = server.settings("schema_edited");
        try (Client client = ClickHouseClients.create(settings)) {
            ClickHouseSchema schema = new ClickHouseSchema(client, settings);
            schema.migrate();
            server.sql(
                    "INSERT INTO schema_edited.schema_migrations VALUES (1, 'playback_events',"
                            + " 'not-the-checksum', now())");
            server.sql("OPTIMIZE TABLE schema_edited.schema_migrations FINAL");
            assertThatThrownBy(schema::migrate).hasMessageContaining("applied from other SQL");
        }
    }

    @Test
    void theCommandLineMigratesAndReportsStatus() {
        Map<String, String> env =
                Map.of(
                        "REND_CLICKHOUSE_URL",
                        server.url().toString(),
                        "REND_CLICKHOUSE_DATABASE",
                        "schema_cli");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(ClickHouseSchemaCommand.run(new String[] {"migrate"}, env, print)).isZero();
        assertThat(ClickHouseSchemaCommand.run(new String[] {"status"}, env, print)).isZero();
        assertThat(ClickHouseSchemaCommand.run(new String[] {}, Map.of(), print)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("applied [1")
                .contains("applied V1__playback_events")
                .doesNotContain("pending")
                .contains("REND_CLICKHOUSE_URL is not set");
    }
}
