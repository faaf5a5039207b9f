package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention on a real clickhouse-server (old day partitions go, the rest stay, whole) and in the
 * embedded DuckDB store (the same days deleted).
 */
class PlaybackRetentionIT {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    @Test
    void onClickHouseDropsTheDayPartitionsOlderThanTheRetentionAndKeepsTheRest() {
        try (StoreUnderTest events = StoreUnderTest.clickhouse("rend_retention_it")) {
            dropsTheDaysOlderThanTheRetentionAndKeepsTheRest(events);
        }
    }

    @Test
    void inTheEmbeddedDuckDbStoreDeletesTheDaysOlderThanTheRetention() {
        try (StoreUnderTest events = StoreUnderTest.duckdb()) {
            dropsTheDaysOlderThanTheRetentionAndKeepsTheRest(events);
        }
    }

    private static void dropsTheDaysOlderThanTheRetentionAndKeepsTheRest(StoreUnderTest events) {
        try (PlaybackStore store = events.open()) {
            store.prepare();
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
            events.insert(rows.toString());

            PlaybackRetention retention =
                    new PlaybackRetention(store, 90, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(retention.dropExpired().block())
                    .containsExactly(TODAY.minusDays(100), TODAY.minusDays(91));
            String days =
                    "SELECT "
                            + store.sql().epochSeconds("min(observed_at)")
                            + " AS first, count() FROM "
                            + store.eventsTable()
                            + store.sql().end();
            List<String[]> left = store.rows(days).block();
            assertThat(left.get(0))
                    .containsExactly(
                            Long.toString(NOW.minusSeconds(86_400L * 90).getEpochSecond()), "9");
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
