package so.rend.migrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the Flyway migrations of the Postgres schema {@code rend}. */
public final class RendSchema {

    public static final String SCHEMA = "rend";

    private RendSchema() {}

    /**
     * Migrates the database to the newest version. Safe to call from several processes at once:
     * Flyway takes an advisory lock.
     */
    public static MigrateResult migrate(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/rend")
                .load()
                .migrate();
    }
}
