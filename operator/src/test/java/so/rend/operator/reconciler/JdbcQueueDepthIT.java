package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.migrations.RendSchema;

/**
 * The scalers' queue depth on a real PostgreSQL with Rend's schema: running jobs and queued jobs
 * that may run now count; jobs waiting for their {@code run_after} (backoffs, object removals
 * waiting out the delete grace) and finished ones do not.
 */
class JdbcQueueDepthIT {

    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.startTemporary();
        RendSchema.migrate(
                postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void countsRunningAndRunnableJobsButNotDelayedOrFinishedOnes() throws SQLException {
        try (Connection db =
                DriverManager.getConnection(
                        postgres.jdbcUrl(),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD)) {
            UUID account = UUID.randomUUID();
            execute(db, "INSERT INTO rend.accounts (id, name) VALUES (?, 'queue-depth')", account);
            // The case: 100 deletions whose object removal waits out the grace.
            for (int i = 0; i < 100; i++) {
                job(db, account, "delete_asset_objects", "queued", "now() + interval '1 hour'");
            }
            assertThat(new JdbcQueueDepth().depth(postgres.url())).isZero();

            job(db, account, "process_asset", "queued", "now() - interval '1 second'");
            job(db, account, "process_asset", "queued", "now()");
            job(db, account, "process_asset", "running", "now()");
            job(db, account, "process_asset", "succeeded", "now()");
            job(db, account, "process_asset", "failed", "now()");

            assertThat(new JdbcQueueDepth().depth(postgres.url())).isEqualTo(3);
        }
    }

    private static void job(Connection db, UUID account, String kind, String state, String runAfter)
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
