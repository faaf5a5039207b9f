package so.rend.clickhouse.schema;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.clickhouse.ClickHouseSettings;

/**
 * Applies the versioned SQL under {@code clickhouse/sql} (shipped as {@code clickhouse/rend}) to
 * one database and records each applied version in {@code <database>.schema_migrations}. Run on API
 * start and by {@link ClickHouseSchemaCommand}. Two runs at once are harmless: every statement is
 * idempotent and the record table folds duplicate rows (read with {@code FINAL}).
 */
public final class ClickHouseSchema {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSchema.class);
    private static final String RESOURCES = "clickhouse/rend/";
    private static final long STATEMENT_TIMEOUT_SECS = 60;

    private final Client client;
    private final ClickHouseSettings settings;

    public ClickHouseSchema(Client client, ClickHouseSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The migrations this build carries, in order. */
    public static List<Migration> available() {
        List<Migration> migrations = new ArrayList<>();
        for (String line : resource("migrations.list").split("\n")) {
            String file = line.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                migrations.add(Migration.parse(file, resource(file)));
            }
        }
        return migrations;
    }

    /** Applies what is missing; returns the versions applied by this run. */
    public List<Integer> migrate() {
        execute("CREATE DATABASE IF NOT EXISTS " + settings.database());
        execute(
                "CREATE TABLE IF NOT EXISTS "
                        + settings.table("schema_migrations")
                        + " (version UInt32, name String, checksum String, applied_at DateTime)"
                        + " ENGINE = ReplacingMergeTree ORDER BY version");
        List<Integer> done = new ArrayList<>();
        for (Migration migration : MigrationPlan.pending(available(), applied())) {
            for (String statement : migration.statements(settings.database())) {
                execute(statement);
            }
            // name and checksum are [a-z0-9_] and hex: safe as literals.
            execute(
                    "INSERT INTO "
                            + settings.table("schema_migrations")
                            + " (version, name, checksum, applied_at) VALUES ("
                            + migration.version()
                            + ", '"
                            + migration.name()
                            + "', '"
                            + migration.checksum()
                            + "', now())");
            log.info("ClickHouse migration V{}__{} applied", migration.version(), migration.name());
            done.add(migration.version());
        }
        return done;
    }

    /** The versions the database has recorded, in order. */
    public List<MigrationPlan.Applied> applied() {
        List<MigrationPlan.Applied> applied = new ArrayList<>();
        String tsv =
                query(
                        "SELECT version, name, checksum FROM "
                                + settings.table("schema_migrations")
                                + " FINAL ORDER BY version FORMAT TSV");
        for (String line : tsv.split("\n")) {
            if (!line.isEmpty()) {
                String[] cells = line.split("\t");
                applied.add(
                        new MigrationPlan.Applied(Integer.parseInt(cells[0]), cells[1], cells[2]));
            }
        }
        return applied;
    }

    private void execute(String sql) {
        try {
            client.execute(sql).get(STATEMENT_TIMEOUT_SECS, TimeUnit.SECONDS).close();
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    private String query(String sql) {
        try (QueryResponse response =
                client.query(sql).get(STATEMENT_TIMEOUT_SECS, TimeUnit.SECONDS)) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw failure(sql, e);
        }
    }

    private static RuntimeException failure(String sql, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause =
                e instanceof ExecutionException || e instanceof TimeoutException
                        ? (e.getCause() == null ? e : e.getCause())
                        : e;
        String head = sql.length() > 120 ? sql.substring(0, 120) + "…" : sql;
        return new IllegalStateException(
                "ClickHouse refused or did not answer: " + head + ": " + cause.getMessage(), e);
    }

    private static String resource(String name) {
        try (InputStream in =
                ClickHouseSchema.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
