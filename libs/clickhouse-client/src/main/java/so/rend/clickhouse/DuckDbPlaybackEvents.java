package so.rend.clickhouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded analytics store, for the one-process embedded mode on a machine without ClickHouse:
 * the {@code playback_events} table of {@code clickhouse/sql/V001__playback_events.sql} in a DuckDB
 * file ({@code REND_ANALYTICS_DUCKDB}). The edge appends the same JSONEachRow lines it would send
 * to ClickHouse, the API runs the same statements in DuckDB's dialect. Times are epoch seconds
 * ({@code BIGINT}), so no time zone is ever involved; duplicates from a replayed spool batch are
 * stored, and every read deduplicates by {@code event_id}, as on ClickHouse.
 *
 * <p>Reached through JDBC only: the DuckDB driver (its engine ships in the jar) is on the embedded
 * mode's classpath, not in the standalone services. One DuckDB file belongs to one process;
 * DuckDB's instance cache lets the edge and the API of that process share it. Each instance
 * serializes its own statements on its one connection.
 */
public final class DuckDbPlaybackEvents implements AutoCloseable {

    /** The table of edge requests, as on ClickHouse (no database: the file is the database). */
    public static final String TABLE = Table.EVENTS.table;

    /**
     * The two tables, as in {@code clickhouse/sql} (V001 requests, V002 the players' QoE beacons),
     * each with the JSON fields its writer sends; a missing field is a refused batch.
     */
    public enum Table {
        EVENTS(
                "playback_events",
                "event_id UUID NOT NULL, observed_at BIGINT NOT NULL, asset_id VARCHAR NOT NULL,"
                        + " artifact_path VARCHAR NOT NULL, edge_id VARCHAR NOT NULL,"
                        + " region VARCHAR NOT NULL, cache_status VARCHAR NOT NULL,"
                        + " status_code USMALLINT NOT NULL, bytes_served UBIGINT NOT NULL,"
                        + " content_type VARCHAR NOT NULL, duration_ms UINTEGER NOT NULL,"
                        + " error_code VARCHAR NOT NULL"),
        VIEWS(
                "playback_views",
                "view_id UUID NOT NULL, asset_id VARCHAR NOT NULL, received_at BIGINT NOT NULL,"
                        + " seq UINTEGER NOT NULL, startup_ms INTEGER NOT NULL,"
                        + " page_first_frame_ms INTEGER NOT NULL, watch_ms UINTEGER NOT NULL,"
                        + " rebuffer_count UINTEGER NOT NULL, rebuffer_ms UINTEGER NOT NULL,"
                        + " bitrate_switches UINTEGER NOT NULL, fatal_error VARCHAR NOT NULL,"
                        + " player VARCHAR NOT NULL");

        private final String table;
        private final String columns;

        Table(String table, String columns) {
            this.table = table;
            this.columns = columns;
        }

        public String table() {
            return table;
        }

        /** The column of epoch seconds retention goes by. */
        String timeColumn() {
            return this == EVENTS ? "observed_at" : "received_at";
        }

        private String ddl() {
            return "CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")";
        }

        /** {@code read_json}'s columns argument: {name: 'TYPE', ...}. */
        private String jsonColumns() {
            StringBuilder struct = new StringBuilder("{");
            for (String column : columns.split(",")) {
                String[] words = column.trim().split(" ");
                struct.append(struct.length() > 1 ? ", " : "")
                        .append(words[0])
                        .append(": '")
                        .append(words[1])
                        .append("'");
            }
            return struct.append("}").toString();
        }
    }

    private final Path file;
    private final Connection connection;

    private DuckDbPlaybackEvents(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating when absent) the store in {@code file} and its table.
     *
     * @throws IllegalStateException when the DuckDB driver is not on the classpath or the file
     *     cannot be opened (e.g. another process holds it)
     */
    public static DuckDbPlaybackEvents open(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + absolute);
            try (Statement statement = connection.createStatement()) {
                for (Table table : Table.values()) {
                    statement.execute(table.ddl());
                }
            }
            return new DuckDbPlaybackEvents(absolute, connection);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(
                    "cannot open the embedded analytics store "
                            + absolute
                            + " (REND_ANALYTICS_DUCKDB; the DuckDB driver is in the embedded mode"
                            + " only): "
                            + e.getMessage(),
                    e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Appends the edge's JSONEachRow lines (a batch or a spool file) to {@code playback_events}.
     */
    public void insert(byte[] jsonLines) throws SQLException, IOException {
        insert(Table.EVENTS, jsonLines);
    }

    /**
     * Appends JSONEachRow lines to {@code table} in one transaction.
     *
     * @throws RejectedEvents when the lines can never be stored (not the writer's format)
     */
    public synchronized void insert(Table table, byte[] jsonLines)
            throws SQLException, IOException {
        Path batch = Files.createTempFile(file.getParent(), ".events-", ".jsonl");
        try {
            Files.write(batch, jsonLines);
            try (Statement statement = connection.createStatement()) {
                // The path is ours (a temp file's), quoted as a literal all the same.
                statement.execute(
                        "INSERT INTO "
                                + table.table
                                + " SELECT * FROM read_json("
                                + literal(batch.toString())
                                + ", format = 'newline_delimited', columns = "
                                + table.jsonColumns()
                                + ")");
            } catch (SQLException e) {
                throw refusedForGood(e) ? new RejectedEvents(e) : e;
            }
        } finally {
            Files.deleteIfExists(batch);
        }
    }

    /** The rows of {@code sql}, every cell as text (as ClickHouse's TSV gives them). */
    public synchronized List<String[]> rows(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            List<String[]> rows = new ArrayList<>();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = String.valueOf(result.getString(i + 1));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Deletes the rows of both tables from before {@code epochSecond}; how many. */
    public synchronized long deleteBefore(long epochSecond) throws SQLException {
        long deleted = 0;
        try (Statement statement = connection.createStatement()) {
            for (Table table : Table.values()) {
                deleted +=
                        statement.executeLargeUpdate(
                                "DELETE FROM "
                                        + table.table
                                        + " WHERE "
                                        + table.timeColumn()
                                        + " < "
                                        + epochSecond);
            }
        }
        return deleted;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing: nothing left to do with it.
        }
    }

    /** Parse, conversion and constraint errors: the same lines would fail the same way again. */
    private static boolean refusedForGood(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("Invalid Input Error")
                || message.startsWith("Conversion Error")
                || message.startsWith("Constraint Error")
                || message.startsWith("Binder Error");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * Lines the store will never take: the caller drops them (and counts them) rather than retry.
     */
    public static final class RejectedEvents extends SQLException {
        RejectedEvents(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
