package so.rend.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import so.rend.clickhouse.schema.ClickHouseSchema;
import so.rend.clickhouse.schema.Migration;
import so.rend.clickhouse.testing.ClickHouseTestServer;

/**
 * Rend's ClickHouse schema and its analytics and usage statements, as Rend generates them, run on
 * both ClickHouses it must work with: Debian's clickhouse-server 18.16 (what tests can install
 * here) and current ClickHouse (chDB). Same DDL, same rows (the batch twice, as a spool replay
 * stores it), same statements: the same answers, row for row.
 */
class CurrentClickHouseIT {

    private static final String DATABASE = "rend_compat_it";
    private static final String TABLE = DATABASE + ".playback_events";
    private static final String VIEWS = DATABASE + ".playback_views";
    private static final Instant BASE =
            Instant.parse("2026-11-01T10:00:00Z").truncatedTo(ChronoUnit.HOURS);

    @Test
    void theSchemaAndEveryQueryGiveTheSameAnswersOn18_16AndCurrentClickHouse() throws Exception {
        ChDb chdb = ChDb.installOrSkip();
        UUID a = UUID.fromString("00000000-0000-4000-8000-00000000000a");
        UUID b = UUID.fromString("00000000-0000-4000-8000-00000000000b");
        PlaybackWindow window =
                PlaybackWindow.parse(
                        BASE.toString(), BASE.plus(1, ChronoUnit.HOURS).toString(), "minute", BASE);
        List<String> queries =
                List.of(
                        PlaybackQueries.asset(PlaybackSql.CLICKHOUSE, TABLE, a, window),
                        PlaybackQueries.account(
                                PlaybackSql.CLICKHOUSE, TABLE, List.of(a, b), window, 5),
                        UsageQueries.delivered(
                                PlaybackSql.CLICKHOUSE, TABLE, List.of(a, b), window, 1000),
                        PlaybackQueries.views(PlaybackSql.CLICKHOUSE, VIEWS, a, window));
        List<String> statements = new ArrayList<>();
        statements.add("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        for (Migration migration : ClickHouseSchema.available()) {
            statements.addAll(migration.statements(DATABASE));
        }
        String batch = batch(a, b);
        statements.add("INSERT INTO " + TABLE + " FORMAT JSONEachRow\n" + batch);
        statements.add("INSERT INTO " + TABLE + " FORMAT JSONEachRow\n" + batch);
        statements.add("INSERT INTO " + VIEWS + " FORMAT JSONEachRow\n" + views(a));
        statements.addAll(queries);

        ChDb.Run current = chdb.run(statements);
        List<String> old = new ArrayList<>();
        try (ClickHouseTestServer server = ClickHouseTestServer.startOrSkip()) {
            for (String statement : statements) {
                old.add(server.sql(statement));
            }
        }
        System.out.println("current ClickHouse (chDB): " + current.version());
        int first = statements.size() - queries.size();
        for (int i = 0; i < queries.size(); i++) {
            List<String> onCurrent = sortedLines(current.results().get(first + i));
            List<String> on1816 = sortedLines(old.get(first + i));
            assertThat(onCurrent).as("query %d on current ClickHouse", i).isNotEmpty();
            assertThat(onCurrent).as("query %d: current vs 18.16", i).isEqualTo(on1816);
        }
        // The deduplicated totals are the batch's, not twice it.
        assertThat(sortedLines(current.results().get(first)))
                .anySatisfy(line -> assertThat(line).startsWith("total\t\t4\t"));
        // Six views, startups 100..500 and one without: p50 300, p95 500; last beacons counted.
        assertThat(current.results().get(first + 3).strip())
                .isEqualTo("6\t300\t500\t5\t54000\t6000\t6\t0\t1");
    }

    /** Five views' beacons, each view's later one repeated, and a view without a first frame. */
    private static String views(UUID asset) {
        StringBuilder rows = new StringBuilder();
        long[] startups = {500, 100, 400, 200, 300, -1};
        for (int v = 0; v < startups.length; v++) {
            String view = "00000000-0000-4000-8000-0000000001%02d".formatted(v);
            for (int seq : new int[] {0, 1, 1}) {
                rows.append(
                        ("{\"view_id\":\"%s\",\"asset_id\":\"%s\",\"received_at\":%d,\"seq\":%d,"
                                        + "\"startup_ms\":%d,\"page_first_frame_ms\":-1,\"watch_ms\":%d,"
                                        + "\"rebuffer_count\":%d,\"rebuffer_ms\":%d,\"bitrate_switches\":0,"
                                        + "\"fatal_error\":\"%s\",\"player\":\"p\"}\n")
                                .formatted(
                                        view,
                                        asset,
                                        BASE.plusSeconds(60 + v).getEpochSecond(),
                                        seq,
                                        startups[v],
                                        seq * 9000,
                                        seq,
                                        seq * 1000,
                                        startups[v] < 0 ? "media_error" : ""));
            }
        }
        return rows.toString();
    }

    private static List<String> sortedLines(String tsv) {
        return Arrays.stream(tsv.split("\n")).filter(l -> !l.isEmpty()).sorted().toList();
    }

    private static String batch(UUID a, UUID b) {
        List<String> rows = new ArrayList<>();
        rows.add(row(a, 60, "hls/master.m3u8", "MISS", 200, 1000));
        rows.add(row(a, 120, "hls/240p/segment_00000.m4s", "HIT", 200, 5000));
        rows.add(row(a, 180, "opener.mp4", "HIT", 206, 300));
        rows.add(row(a, 240, "hls/240p/segment_00001.m4s", "NONE", 503, 0));
        rows.add(row(b, 300, "hls/360p/segment_00000.m4s", "COALESCED", 200, 777));
        rows.add(row(null, 100, "", "NONE", 403, 0));
        return String.join("\n", rows) + "\n";
    }

    private static String row(
            UUID asset, long second, String path, String cache, int status, long bytes) {
        return AnalyticsFixtures.row(
                asset, BASE.plusSeconds(second), path, "eu-west", cache, status, bytes);
    }
}
