package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import so.rend.clickhouse.testing.ClickHouseTestServer;

/** Retention on a real clickhouse-server: old day partitions go, the rest stay, whole. */
class PlaybackRetentionIT {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    @Test
    void dropsTheDayPartitionsOlderThanTheRetentionAndKeepsTheRest() {
        try (ClickHouseTestServer clickhouse = ClickHouseTestServer.startOrSkip();
                PlaybackStore store = new PlaybackStore(clickhouse.settings("rend_retention_it"))) {
            store.migrateQuietly();
            UUID asset = UUID.randomUUID();
            StringBuilder rows = new StringBuilder();
            for (int daysAgo : new int[] {100, 91, 90, 89, 0}) {
                Instant at = NOW.minusSeconds(86_400L * daysAgo);
                for (int i = 0; i < 3; i++) {
                    rows.append(
                                    AnalyticsFixtures.row(
                                            asset, at, "opener.mp4", "eu", "HIT", 200, 10))
                            .append('\n');
                }
            }
            clickhouse.sql(
                    "INSERT INTO rend_retention_it.playback_events FORMAT JSONEachRow\n" + rows);

            PlaybackRetention retention =
                    new PlaybackRetention(store, 90, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(retention.dropExpired().block())
                    .containsExactly(TODAY.minusDays(100), TODAY.minusDays(91));

            assertThat(
                            clickhouse.sql(
                                    "SELECT toString(toDate(observed_at)) AS day, count() FROM"
                                            + " rend_retention_it.playback_events GROUP BY day"
                                            + " ORDER BY day FORMAT TSV"))
                    .isEqualTo(
                            TODAY.minusDays(90)
                                    + "\t3\n"
                                    + TODAY.minusDays(89)
                                    + "\t3\n"
                                    + TODAY
                                    + "\t3\n");
            // Again: nothing left to drop.
            assertThat(retention.dropExpired().block()).isEmpty();
        }
    }

    @Test
    void readsDaysQuotedOrNotAndIgnoresOtherPartitions() {
        List<String[]> rows =
                List.of(
                        new String[] {"'2026-01-01'"},
                        new String[] {"2026-01-02"},
                        new String[] {"tuple()"},
                        new String[] {"2026-03-01"});
        assertThat(PlaybackRetention.expired(rows, LocalDate.of(2026, 2, 1)))
                .containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2));
    }
}
