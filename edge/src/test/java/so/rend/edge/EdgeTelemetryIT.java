package so.rend.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.clickhouse.ClickHouseClients;
import so.rend.clickhouse.ClickHouseSettings;
import so.rend.clickhouse.schema.ClickHouseSchema;
import so.rend.clickhouse.testing.ClickHouseTestServer;
import so.rend.edge.EdgeTestEnvironment.RunningEdge;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;

/**
 * Playback telemetry end to end: rend-edge with a real S3 origin (S3Proxy) writing events into a
 * real clickhouse-server (Debian's 18.16 on CI), also while that server is stopped or behind a
 * proxy that accepts and never answers.
 */
class EdgeTelemetryIT {

    static final String SECRET_HEADER = "hdr-secret-7f3a";
    static final String SECRET_QUERY = "qs-secret-91bc";
    private static final String SEGMENT_TYPE = "video/iso.segment";

    private static EdgeTestEnvironment env;
    private static ClickHouseTestServer clickhouse;
    private static OriginProxy clickhouseProxy;

    @BeforeAll
    static void start() throws IOException {
        clickhouse = ClickHouseTestServer.startOrSkip();
        env = new EdgeTestEnvironment();
        clickhouseProxy = new OriginProxy(clickhouse.url());
    }

    @AfterAll
    static void stop() {
        if (clickhouseProxy != null) {
            clickhouseProxy.close();
        }
        if (env != null) {
            env.close();
        }
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    @Test
    void recordsExactlyTheRequestsServedAndReadsDedupeAReplayedBatch(@TempDir Path dir) {
        String db = migrated("telemetry_exact");
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 500);
        env.publish(asset, "hls/720p/segment_00001.m4s", 300_000);
        String manifest = EdgeTestEnvironment.url(asset, "hls/master.m3u8");
        String segment = EdgeTestEnvironment.url(asset, "hls/720p/segment_00001.m4s");
        String forged =
                PlaybackPath.of(
                        new PlaybackTokens(
                                        PlaybackKey.of(
                                                "test-key", "not-the-real-secret-at-all-0000"),
                                        List.of(),
                                        Clock.systemUTC())
                                .issue(asset, Duration.ofMinutes(5))
                                .token(),
                        asset,
                        "hls/master.m3u8");
        long refusedBytes;
        try (RunningEdge edge = startEdge(dir, clickhouse.url().toString(), db)) {
            List<Integer> statuses = new ArrayList<>();
            for (String path : List.of(manifest, manifest, segment, segment, segment)) {
                statuses.add(get(edge, path).statusCode());
            }
            HttpResponse<byte[]> refused = get(edge, forged);
            statuses.add(refused.statusCode());
            refusedBytes = refused.body().length;
            assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 403);
            awaitCount(db, 6);
        }
        String m3u8 = "\tapplication/vnd.apple.mpegurl\t\tedge-t\ttest-region\n";
        String m4s = "\t" + SEGMENT_TYPE + "\t\tedge-t\ttest-region\n";
        assertThat(
                        clickhouse.sql(
                                "SELECT asset_id = '', artifact_path, cache_status, status_code,"
                                        + " bytes_served, content_type, error_code, edge_id, region"
                                        + " FROM "
                                        + db
                                        + ".playback_events FINAL ORDER BY artifact_path,"
                                        + " cache_status FORMAT TSV"))
                .isEqualTo(
                        "1\t\tNONE\t403\t"
                                + refusedBytes
                                + "\tapplication/json\ttoken_invalid\tedge-t\ttest-region\n"
                                + "0\thls/720p/segment_00001.m4s\tHIT\t200\t300000"
                                + m4s
                                + "0\thls/720p/segment_00001.m4s\tHIT\t200\t300000"
                                + m4s
                                + "0\thls/720p/segment_00001.m4s\tMISS\t200\t300000"
                                + m4s
                                + "0\thls/master.m3u8\tHIT\t200\t500"
                                + m3u8
                                + "0\thls/master.m3u8\tMISS\t200\t500"
                                + m3u8);
        // The same batch inserted again, as a replay of an insert that timed out but landed does.
        clickhouse.sql(
                "INSERT INTO " + db + ".playback_events SELECT * FROM " + db + ".playback_events");
        assertThat(clickhouse.sql("SELECT count() FROM " + db + ".playback_events FORMAT TSV"))
                .isEqualTo("12\n");
        assertThat(
                        clickhouse.sql(
                                "SELECT count(), uniqExact(event_id), sum(bytes_served) FROM "
                                        + db
                                        + ".playback_events FINAL FORMAT TSV"))
                .isEqualTo("6\t6\t" + (500 * 2 + 300_000 * 3 + refusedBytes) + "\n");
    }

    @Test
    void playbackIsUnharmedWhileClickHouseIsStoppedAndEveryEventArrivesOnceAfter(@TempDir Path dir)
            throws IOException {
        String db = migrated("telemetry_stopped");
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 700);
        String manifest = EdgeTestEnvironment.url(asset, "hls/master.m3u8");
        try (RunningEdge edge = startEdge(dir, clickhouse.url().toString(), db)) {
            clickhouse.stop();
            try {
                assertAllServed(edge, manifest, 200);
                await(() -> spoolLines(dir).size() == 200, Duration.ofSeconds(30), "a spool");
            } finally {
                clickhouse.start();
            }
            awaitCount(db, 200);
            await(() -> spoolLines(dir).isEmpty(), Duration.ofSeconds(30), "an empty spool");
            assertThat(clickhouse.sql("SELECT count() FROM " + db + ".playback_events FORMAT TSV"))
                    .isEqualTo("200\n");
            assertNoSecretsIn(
                    clickhouse.sql("SELECT * FROM " + db + ".playback_events FORMAT TSV"),
                    manifest);
        }
    }

    @Test
    void playbackIsUnharmedWhileClickHouseAcceptsAndNeverAnswers(@TempDir Path dir)
            throws IOException {
        String db = migrated("telemetry_blackhole");
        UUID asset = UUID.randomUUID();
        env.publish(asset, "hls/master.m3u8", 900);
        String manifest = EdgeTestEnvironment.url(asset, "hls/master.m3u8");
        try (RunningEdge edge = startEdge(dir, clickhouseProxy.endpoint().toString(), db)) {
            clickhouseProxy.blackhole(true);
            try {
                assertAllServed(edge, manifest, 300);
                await(() -> spoolLines(dir).size() == 300, Duration.ofSeconds(30), "a spool");
                List<String> spooled = spoolLines(dir);
                assertNoSecretsIn(String.join("\n", spooled), manifest);
            } finally {
                clickhouseProxy.blackhole(false);
            }
            awaitCount(db, 300);
            assertThat(
                            clickhouse.sql(
                                    "SELECT uniqExact(event_id), countIf(status_code = 200) FROM "
                                            + db
                                            + ".playback_events FINAL FORMAT TSV"))
                    .isEqualTo("300\t300\n");
        }
    }

    /** Every request answered 200 with the whole body, none slowed by telemetry (p99 under 1 s). */
    private static void assertAllServed(RunningEdge edge, String path, int requests) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = get(edge, path);
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        millis.sort(null);
        long p99 = millis.get((int) Math.ceil(requests * 0.99) - 1);
        System.out.println("served " + requests + " with ClickHouse away: p99 " + p99 + " ms");
        assertThat(p99).isLessThan(1000);
    }

    private static void assertNoSecretsIn(String stored, String path) {
        String token = path.split("/")[2];
        assertThat(stored)
                .doesNotContain(token)
                .isNotBlank()
                .doesNotContain(SECRET_QUERY)
                .doesNotContain(SECRET_HEADER)
                .doesNotContain("sig=")
                .doesNotContain("?")
                .doesNotContain("127.0.0.1")
                .doesNotContain("/p/");
    }

    static String migrated(String database) {
        ClickHouseSettings settings = clickhouse.settings(database);
        try (Client client = ClickHouseClients.create(settings)) {
            new ClickHouseSchema(client, settings).migrate();
        }
        return database;
    }

    static RunningEdge startEdge(Path dir, String clickhouseUrl, String db, String... more) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("REND_CLICKHOUSE_URL", clickhouseUrl);
        overrides.put("REND_CLICKHOUSE_DATABASE", db);
        overrides.put("REND_CLICKHOUSE_TIMEOUT_MS", "500");
        overrides.put("REND_TELEMETRY_FLUSH_MS", "100");
        overrides.put("REND_EDGE_ID", "edge-t");
        overrides.put("REND_EDGE_REGION", "test-region");
        for (int i = 0; i < more.length; i += 2) {
            overrides.put(more[i], more[i + 1]);
        }
        return env.start(dir.resolve("cache"), overrides);
    }

    /**
     * A GET carrying things that must never reach telemetry: a query string, a header, a cookie.
     */
    static HttpResponse<byte[]> get(RunningEdge edge, String path) {
        return edge.get(
                path + "?sig=" + SECRET_QUERY,
                "x-secret",
                SECRET_HEADER,
                "cookie",
                "session=" + SECRET_HEADER);
    }

    static void awaitCount(String db, long count) {
        await(
                () ->
                        clickhouse
                                .sql(
                                        "SELECT count() FROM "
                                                + db
                                                + ".playback_events FINAL FORMAT TSV")
                                .strip()
                                .equals(Long.toString(count)),
                Duration.ofSeconds(60),
                "ClickHouse to hold " + count + " events");
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static List<String> spoolLines(Path dir) {
        Path spool = dir.resolve("cache.telemetry");
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // A file replayed and deleted while listed: read again on the next poll.
            return List.of("unreadable");
        }
        return lines;
    }
}
