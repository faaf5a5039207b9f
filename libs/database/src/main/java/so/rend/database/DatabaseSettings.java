package so.rend.database;

import java.time.Duration;

/**
 * The {@code REND_DATABASE_*} settings, one record for every process that reads them (bound under
 * {@code rend.database}).
 *
 * @param url {@code REND_DATABASE_URL}, {@code postgres://user:password@host:port/database}
 * @param poolSize {@code REND_DATABASE_POOL_SIZE}; 0 lets the process size its pool itself
 * @param migrateOnStart {@code REND_DATABASE_MIGRATE_ON_START}: apply the Flyway migrations at
 *     start (idempotent; Flyway takes a lock)
 * @param acquireTimeout {@code REND_DATABASE_ACQUIRE_TIMEOUT_SECS}: how long an attempt to get a
 *     pooled R2DBC connection waits before it fails (unset: {@link #DEFAULT_ACQUIRE_TIMEOUT})
 */
public record DatabaseSettings(
        String url, int poolSize, boolean migrateOnStart, Duration acquireTimeout) {

    /**
     * Short enough that a request fails fast while the database is down rather than holding the
     * client; long enough for a burst to wait for a busy pool.
     */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

    public DatabaseSettings {
        DatabaseUrl.parse(url);
        if (poolSize < 0) {
            throw new IllegalArgumentException(
                    "REND_DATABASE_POOL_SIZE must be 0 (automatic) or more, was " + poolSize);
        }
        if (acquireTimeout == null) {
            acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
        }
        if (acquireTimeout.isNegative() || acquireTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "REND_DATABASE_ACQUIRE_TIMEOUT_SECS must be more than 0, was "
                            + acquireTimeout.toSeconds());
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
                + ", acquireTimeout="
                + acquireTimeout
                + "]";
    }
}
