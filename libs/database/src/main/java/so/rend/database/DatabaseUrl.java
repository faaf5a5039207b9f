package so.rend.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A PostgreSQL location in the usual {@code postgres://user:password@host:port/database?sslmode=…}
 * form, the one value ({@code REND_DATABASE_URL}) from which both the R2DBC pool and Flyway's JDBC
 * connection are made. {@link #toString()} never shows the password.
 */
public record DatabaseUrl(
        String host, int port, String database, String user, String password, String sslMode) {

    public DatabaseUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the database URL is empty");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            // Do not echo the URL: it may carry a password.
            throw new IllegalArgumentException("the database URL is not a valid URI");
        }
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "the database URL must start with postgres:// or postgresql://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the database URL has no host");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the database URL names no database");
        }
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String sslMode = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("sslmode") && kv.length == 2) {
                    sslMode = decode(kv[1]);
                }
            }
        }
        return new DatabaseUrl(
                uri.getHost(),
                uri.getPort() == -1 ? 5432 : uri.getPort(),
                decode(path),
                user,
                password,
                sslMode);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://"
                + host
                + ":"
                + port
                + "/"
                + database
                + (sslMode == null ? "" : "?sslmode=" + sslMode);
    }

    @Override
    public String toString() {
        return "postgres://"
                + user
                + (password == null ? "" : ":***")
                + "@"
                + host
                + ":"
                + port
                + "/"
                + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
