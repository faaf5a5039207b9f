package so.rend.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import so.rend.embedded.EmbeddedPostgresServer;
import so.rend.migrations.RendSchema;
import so.rend.operator.MediaJobRows;

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
            UUID account = MediaJobRows.account(db, "queue-depth");
            // The case: 100 deletions whose object removal waits out the grace.
            for (int i = 0; i < 100; i++) {
                MediaJobRows.job(
                        db, account, "delete_asset_objects", "queued", "now() + interval '1 hour'");
            }
            assertThat(new JdbcQueueDepth().depth(postgres.url())).isZero();

            MediaJobRows.job(db, account, "process_asset", "queued", "now() - interval '1 second'");
            MediaJobRows.job(db, account, "process_asset", "queued", "now()");
            MediaJobRows.job(db, account, "process_asset", "running", "now()");
            MediaJobRows.job(db, account, "process_asset", "succeeded", "now()");
            MediaJobRows.job(db, account, "process_asset", "failed", "now()");

            assertThat(new JdbcQueueDepth().depth(postgres.url())).isEqualTo(3);
        }
    }
}
