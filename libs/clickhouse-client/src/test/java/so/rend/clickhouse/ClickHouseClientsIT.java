package so.rend.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.clickhouse.testing.ClickHouseTestServer;

/** Rend's client settings against a real clickhouse-server (Debian's 18.16 on CI). */
class ClickHouseClientsIT {

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
    void insertsJsonEachRowAndReadsTsvWithCompressionOff() throws Exception {
        server.sql("CREATE DATABASE IF NOT EXISTS client_test");
        server.sql(
                "CREATE TABLE client_test.rows (id UInt32, name String) ENGINE = MergeTree"
                        + " ORDER BY id");
        try (Client client = ClickHouseClients.create(server.settings("client_test"))) {
            byte[] rows =
                    "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\\tc\"}\n"
                            .getBytes(StandardCharsets.UTF_8);
            client.insert(
                            "client_test.rows",
                            new ByteArrayInputStream(rows),
                            ClickHouseFormat.JSONEachRow)
                    .get(10, TimeUnit.SECONDS)
                    .close();
            try (QueryResponse answer =
                    client.query("SELECT count(), max(id) FROM client_test.rows FORMAT TSV")
                            .get(10, TimeUnit.SECONDS)) {
                assertThat(new String(answer.getInputStream().readAllBytes(), "UTF-8"))
                        .isEqualTo("2\t2\n");
            }
        }
        assertThat(server.sql("SELECT version() FORMAT TSV")).isNotBlank();
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsWithinTheTimeout() throws Exception {
        try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ClickHouseSettings settings =
                    new ClickHouseSettings(
                            "http://127.0.0.1:" + blackhole.getLocalPort(),
                            null,
                            null,
                            "rend",
                            Duration.ofMillis(500));
            long started = System.nanoTime();
            try (Client client = ClickHouseClients.create(settings)) {
                assertThatThrownBy(
                        () ->
                                client.query("SELECT 1 FORMAT TSV")
                                        .get(30, TimeUnit.SECONDS)
                                        .close());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void keepsDataAcrossAStopAndStart() {
        server.sql("CREATE TABLE IF NOT EXISTS default.kept (x UInt8) ENGINE = TinyLog");
        server.sql("INSERT INTO default.kept VALUES (7)");
        server.stop();
        assertThatThrownBy(() -> server.sql("SELECT 1")).isInstanceOf(RuntimeException.class);
        server.start();
        assertThat(server.sql("SELECT sum(x) FROM default.kept FORMAT TSV")).isEqualTo("7\n");
    }
}
