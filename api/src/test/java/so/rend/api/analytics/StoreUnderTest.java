package so.rend.api.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import so.rend.clickhouse.DuckDbPlaybackEvents;
import so.rend.clickhouse.testing.ClickHouseTestServer;

/**
 * The two analytics stores the same tests run against: a real clickhouse-server (Debian's 18.16 on
 * CI), and the embedded mode's DuckDB file. Events go in as the edge writes them (JSONEachRow).
 */
interface StoreUnderTest extends AutoCloseable {

    /** The settings that point an API at this store. */
    Map<String, String> apiEnvironment();

    /** Stores JSONEachRow lines as an edge's insert would. */
    void insert(String lines);

    /** A store of the API's kind reading the same events. */
    PlaybackStore open();

    @Override
    void close();

    /** A real clickhouse-server, Rend's tables in {@code database}; skips loudly without one. */
    static StoreUnderTest clickhouse(String database) {
        ClickHouseTestServer server = ClickHouseTestServer.startOrSkip();
        return new OnClickHouse(server, database);
    }

    /** A DuckDB file in a fresh temporary directory. */
    static StoreUnderTest duckdb() {
        try {
            return new OnDuckDb(
                    Files.createTempDirectory("rend-analytics-").resolve("playback.duckdb"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record OnClickHouse(ClickHouseTestServer server, String database) implements StoreUnderTest {

        @Override
        public Map<String, String> apiEnvironment() {
            return Map.of(
                    "REND_CLICKHOUSE_URL",
                    server.url().toString(),
                    "REND_CLICKHOUSE_DATABASE",
                    database,
                    "REND_CLICKHOUSE_TIMEOUT_MS",
                    "1000");
        }

        @Override
        public void insert(String lines) {
            server.sql("INSERT INTO " + database + ".playback_events FORMAT JSONEachRow\n" + lines);
        }

        @Override
        public PlaybackStore open() {
            return new ClickHousePlaybackStore(server.settings(database));
        }

        @Override
        public void close() {
            server.close();
        }
    }

    record OnDuckDb(Path file) implements StoreUnderTest {

        @Override
        public Map<String, String> apiEnvironment() {
            return Map.of("REND_ANALYTICS_DUCKDB", file.toString());
        }

        @Override
        public void insert(String lines) {
            // The same file as the API's, shared through DuckDB's instance cache (one process).
            try (DuckDbPlaybackEvents events = DuckDbPlaybackEvents.open(file)) {
                events.insert(lines.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public PlaybackStore open() {
            return new DuckDbPlaybackStore(file);
        }

        @Override
        public void close() {
            try (var files = Files.list(file.getParent())) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(file.getParent());
            } catch (IOException e) {
                // A temporary directory; the next run makes its own.
            }
        }
    }
}
