package so.rend.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param url REND_DATABASE_URL, {@code postgres://user:password@host:port/database}
 * @param migrateOnStart apply the Flyway migrations at start (idempotent; Flyway takes a lock)
 * @param poolSize JDBC connections; 0 means concurrency + 3 (claims, heartbeats, polls)
 */
@ConfigurationProperties("rend.database")
public record DatabaseProperties(String url, boolean migrateOnStart, int poolSize) {

    public DatabaseProperties {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("REND_DATABASE_URL is required");
        }
    }
}
