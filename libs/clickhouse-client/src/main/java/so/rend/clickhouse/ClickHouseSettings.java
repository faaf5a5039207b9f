package so.rend.clickhouse;

import java.time.Duration;

/**
 * The {@code REND_CLICKHOUSE_*} settings as the API and the edge bind them. A blank URL means
 * telemetry and analytics are off.
 *
 * @param url the HTTP interface, e.g. {@code http://127.0.0.1:8123}
 * @param database the database Rend's tables live in (created by the schema runner)
 * @param timeout the bound on connecting and on every socket read: an insert or query never waits
 *     longer than this for the server to say something
 */
public record ClickHouseSettings(
        String url, String user, String password, String database, Duration timeout) {

    public static final String DEFAULT_DATABASE = "rend";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public ClickHouseSettings {
        user = blank(user) ? "default" : user.trim();
        password = password == null ? "" : password;
        database = blank(database) ? DEFAULT_DATABASE : database.trim();
        timeout = timeout == null || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException(
                    "REND_CLICKHOUSE_DATABASE must be a plain identifier, got " + database);
        }
    }

    /** Whether a ClickHouse is named at all. */
    public boolean configured() {
        return !blank(url);
    }

    /** {@code name} qualified with the database (a checked identifier, safe to put in SQL). */
    public String table(String name) {
        return database + "." + name;
    }

    @Override
    public String toString() {
        // Never the password.
        return configured() ? url.trim() + " database " + database + " user " + user : "none";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
