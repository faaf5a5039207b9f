package so.rend.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.database.DatabaseUrl;

/**
 * @param url {@code REND_DATABASE_URL}, {@code postgres://user:password@host:port/database}
 * @param poolSize {@code REND_DATABASE_POOL_SIZE}
 */
@ConfigurationProperties("rend.database")
public record DatabaseProperties(String url, int poolSize) {

    public DatabaseProperties {
        DatabaseUrl.parse(url);
        if (poolSize < 1) {
            throw new IllegalArgumentException(
                    "REND_DATABASE_POOL_SIZE must be at least 1, was " + poolSize);
        }
    }

    public DatabaseUrl databaseUrl() {
        return DatabaseUrl.parse(url);
    }

    @Override
    public String toString() {
        return "DatabaseProperties[url=" + databaseUrl() + ", poolSize=" + poolSize + "]";
    }
}
