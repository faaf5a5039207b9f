package so.rend.database;

/**
 * The {@code REND_DATABASE_*} settings, one record for every process that reads them (bound under
 * {@code rend.database}).
 *
 * @param url {@code REND_DATABASE_URL}, {@code postgres://user:password@host:port/database}
 * @param poolSize {@code REND_DATABASE_POOL_SIZE}; 0 lets the process size its pool itself
 * @param migrateOnStart {@code REND_DATABASE_MIGRATE_ON_START}: apply the Flyway migrations at
 *     start (idempotent; Flyway takes a lock)
 */
public record DatabaseSettings(String url, int poolSize, boolean migrateOnStart) {

    public DatabaseSettings {
        DatabaseUrl.parse(url);
        if (poolSize < 0) {
            throw new IllegalArgumentException(
                    "REND_DATABASE_POOL_SIZE must be 0 (automatic) or more, was " + poolSize);
        }
    }

    public DatabaseUrl databaseUrl() {
        return DatabaseUrl.parse(url);
    }

    /** The configured pool size, or {@code automatic} when it is 0. */
    public int poolSizeOr(int automatic) {
        return poolSize == 0 ? automatic : poolSize;
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url="
                + databaseUrl()
                + ", poolSize="
                + poolSize
                + ", migrateOnStart="
                + migrateOnStart
                + "]";
    }
}
