package so.rend.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.clickhouse.DuckDbPlaybackEvents;
import so.rend.edge.EdgeTestEnvironment.RunningEdge;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;

/**
 * Playback telemetry into the embedded mode's DuckDB store ({@code REND_ANALYTICS_DUCKDB}, no
 * ClickHouse): rend-edge with a real S3 origin writes the same events EdgeTelemetryIT reads from
 * ClickHouse, and nothing secret reaches them.
 */
class EdgeTelemetryDuckDbIT {

    private static EdgeTestEnvironment env;

    @BeforeAll
    static void start() throws IOException {
        env = new EdgeTestEnvironment();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void recordsExactlyTheRequestsServedInTheDuckDbFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("analytics/playback.duckdb");
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 500);
        env.publish(asset, "hls/720p/segment_00001.m4s", 300_000);
        String manifest = EdgeTestEnvironment.url(asset, "hls/master.m3u8");
        String segment = EdgeTestEnvironment.url(asset, "hls/720p/segment_00001.m4s");
        String forged =
                PlaybackPath.of(
                        new PlaybackTokens(
                                        PlaybackKey.of("test-key", "not-the-real-secret-0000000"),
                                        List.of(),
                                        Clock.systemUTC())
                                .issue(asset, Duration.ofMinutes(5))
                                .token(),
                        asset,
                        "hls/master.m3u8");
        try (RunningEdge edge =
                        env.start(
                                dir.resolve("cache"),
                                Map.of(
                                        "REND_ANALYTICS_DUCKDB", file.toString(),
                                        "REND_TELEMETRY_FLUSH_MS", "100",
                                        "REND_EDGE_ID", "edge-d",
                                        "REND_EDGE_REGION", "test-region"));
                DuckDbPlaybackEvents events = DuckDbPlaybackEvents.open(file)) {
            List<Integer> statuses = new ArrayList<>();
            for (String path : List.of(manifest, manifest, segment, segment, segment, forged)) {
                statuses.add(EdgeTelemetryIT.get(edge, path).statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 403);
            EdgeTelemetryIT.await(
                    () -> count(events).equals("6"), Duration.ofSeconds(60), "6 events in DuckDB");
            List<String> rows = new ArrayList<>();
            for (String[] row :
                    events.rows(
                            "SELECT asset_id = '', artifact_path, cache_status, status_code,"
                                    + " bytes_served > 0, error_code, edge_id, region FROM"
                                    + " playback_events ORDER BY artifact_path, cache_status")) {
                rows.add(String.join(" ", row));
            }
            assertThat(rows)
                    .containsExactly(
                            "true  NONE 403 true token_invalid edge-d test-region",
                            "false hls/720p/segment_00001.m4s HIT 200 true  edge-d test-region",
                            "false hls/720p/segment_00001.m4s HIT 200 true  edge-d test-region",
                            "false hls/720p/segment_00001.m4s MISS 200 true  edge-d test-region",
                            "false hls/master.m3u8 HIT 200 true  edge-d test-region",
                            "false hls/master.m3u8 MISS 200 true  edge-d test-region");
            StringBuilder everything = new StringBuilder();
            for (String[] row : events.rows("SELECT * FROM playback_events")) {
                everything.append(String.join("\t", row)).append('\n');
            }
            String token = manifest.split("/")[2];
            assertThat(everything.toString())
                    .doesNotContain(token)
                    .doesNotContain(EdgeTelemetryIT.SECRET_QUERY)
                    .doesNotContain(EdgeTelemetryIT.SECRET_HEADER)
                    .doesNotContain("sig=")
                    .doesNotContain("?")
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("/p/");
        }
    }

    private static String count(DuckDbPlaybackEvents events) {
        try {
            return events.rows("SELECT count(*) FROM playback_events").get(0)[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
