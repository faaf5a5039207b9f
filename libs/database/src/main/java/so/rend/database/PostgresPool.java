package so.rend.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import java.time.Duration;

/** Opens R2DBC connections to Rend's PostgreSQL. */
public final class PostgresPool {

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

    /** A pool of at most {@code maxSize} connections. */
    public static ConnectionPool pool(DatabaseUrl url, String applicationName, int maxSize) {
        return new ConnectionPool(
                ConnectionPoolConfiguration.builder(connectionFactory(url, applicationName))
                        .name(applicationName)
                        .initialSize(Math.min(2, maxSize))
                        .maxSize(maxSize)
                        .maxIdleTime(Duration.ofMinutes(5))
                        .maxAcquireTime(Duration.ofSeconds(15))
                        .validationQuery("SELECT 1")
                        .build());
    }
}
