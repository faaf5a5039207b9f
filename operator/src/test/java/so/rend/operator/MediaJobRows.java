package so.rend.operator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Rows of Rend's media job queue (schema rend), written straight into PostgreSQL for tests. */
public final class MediaJobRows {
    private MediaJobRows() {}

    public static UUID account(Connection db, String name) throws SQLException {
        UUID account = UUID.randomUUID();
        execute(db, "INSERT INTO rend.accounts (id, name) VALUES (?, ?)", account, name);
        return account;
    }

    /**
     * One job on an asset of its own.
     *
     * @param runAfter an SQL expression, e.g. {@code now() + interval '1 hour'}
     */
    public static void job(Connection db, UUID account, String kind, String state, String runAfter)
            throws SQLException {
        UUID asset = UUID.randomUUID();
        execute(
                db,
                "INSERT INTO rend.assets (id, account_id, source_state, source_object_key,"
                        + " source_content_type, source_byte_size)"
                        + " VALUES (?, ?, 'uploaded', ?, 'video/mp4', 1)",
                asset,
                account,
                "sources/" + asset + "/source");
        boolean running = state.equals("running");
        execute(
                db,
                "INSERT INTO rend.media_jobs (id, asset_id, kind, state, run_after, lease_owner,"
                        + " lease_expires_at) VALUES (?, ?, ?, ?, "
                        + runAfter
                        + ", ?, "
                        + (running ? "now() + interval '1 minute'" : "NULL")
                        + ")",
                UUID.randomUUID(),
                asset,
                kind,
                state,
                running ? "worker-1" : null);
    }

    private static void execute(Connection db, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
