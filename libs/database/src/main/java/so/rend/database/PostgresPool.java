package so.rend.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import java.time.Duration;

/** Opens R2DBC connections to Rend's PostgreSQL. */
public final class PostgresPool {

    /** Idle connections cost a backend each on the server; five quiet minutes give them back. */
    private static final Duration MAX_IDLE = Duration.ofMinutes(5);

    /**
     * Connections are renewed now and then, so a pool follows a failover or a DNS change without a
     * dead connection to find first, and a backend's caches do not grow for the life of the API.
     */
    private static final Duration MAX_LIFE = Duration.ofMinutes(30);

    /** How often idle connections are swept for the idle, life and closed-socket checks. */
    private static final Duration EVICTION_SWEEP = Duration.ofSeconds(30);

    /**
     * {@code SELECT 1} takes well under a millisecond on a server that is there; a connection that
     * has not answered in a second is treated as gone (a host that vanished without closing the
     * socket), so the retry gets another one.
     */
    private static final Duration MAX_VALIDATION = Duration.ofSeconds(1);

    /**
     * One more attempt when a lent connection fails validation: the one case a dead connection is
     * still taken for open is the moment between the server closing it and the socket noticing.
     */
    private static final int ACQUIRE_RETRIES = 1;

    private PostgresPool() {}

    /** A single, unpooled connection factory (for LISTEN sessions, which hold their connection). */
    public static PostgresqlConnectionFactory connectionFactory(
            DatabaseUrl url, String applicationName) {
        PostgresqlConnectionConfiguration.Builder builder =
                PostgresqlConnectionConfiguration.builder()
                        .host(url.host())
                        .port(url.port())
                        .database(url.database())
                        .username(url.user())
                        .applicationName(applicationName)
                        .connectTimeout(Duration.ofSeconds(10))
                        .tcpKeepAlive(true);
        if (url.password() != null) {
            builder.password(url.password());
        }
        if (url.sslMode() != null) {
            builder.sslMode(SSLMode.fromValue(url.sslMode()));
        }
        return new PostgresqlConnectionFactory(builder.build());
    }

    /**
     * A pool of at most {@code maxSize} connections that outlives the database's restarts: a
     * connection is checked with {@code SELECT 1} before each loan and dropped without a request
     * seeing it when its socket has closed ({@link ConnectionEviction}); a request waits at most
     * {@code acquireTimeout} per attempt for a connection, with one retry, before it fails (and the
     * API answers 503).
     */
    public static ConnectionPool pool(
            DatabaseUrl url, String applicationName, int maxSize, Duration acquireTimeout) {
        return new ConnectionPool(
                ConnectionPoolConfiguration.builder(connectionFactory(url, applicationName))
                        .name(applicationName)
                        .initialSize(Math.min(2, maxSize))
                        .maxSize(maxSize)
                        .maxIdleTime(MAX_IDLE)
                        .maxLifeTime(MAX_LIFE)
                        .backgroundEvictionInterval(EVICTION_SWEEP)
                        .maxAcquireTime(acquireTimeout)
                        .acquireRetry(ACQUIRE_RETRIES)
                        .validationQuery("SELECT 1")
                        .maxValidationTime(MAX_VALIDATION)
                        // Replaces r2dbc-pool's own predicate (idle and life time), keeping both.
                        .customizer(
                                pool ->
                                        pool.evictionPredicate(
                                                new ConnectionEviction(MAX_IDLE, MAX_LIFE)))
                        .build());
    }
}
