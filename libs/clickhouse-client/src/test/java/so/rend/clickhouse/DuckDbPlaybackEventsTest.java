package so.rend.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on the real DuckDB engine (the driver's jar carries it). */
class DuckDbPlaybackEventsTest {

    @TempDir Path dir;

    @Test
    void storesTheEdgesLinesAndKeepsAReplayedBatchForTheReadsToDeduplicate() throws Exception {
        Path file = dir.resolve("a/playback.duckdb");
        try (DuckDbPlaybackEvents store = DuckDbPlaybackEvents.open(file)) {
            byte[] batch =
                    lines(
                            line(UUID.randomUUID(), 100, 200, 5),
                            line(UUID.randomUUID(), 160, 206, 7));
            store.insert(batch);
            store.insert(batch);
            assertThat(single(store, "SELECT count(*) FROM playback_events")).isEqualTo("4");
            assertThat(
                            single(
                                    store,
                                    "SELECT sum(b) FROM (SELECT event_id, any_value(bytes_served) AS b"
                                            + " FROM playback_events GROUP BY event_id)"))
                    .isEqualTo("12");
            // No temp batch file is left beside the store.
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".jsonl"));
            }
        }
    }

    @Test
    void twoOpeningsInOneProcessShareTheFileAsTheEdgeAndTheApiDo() throws Exception {
        Path file = dir.resolve("shared.duckdb");
        try (DuckDbPlaybackEvents edge = DuckDbPlaybackEvents.open(file);
                DuckDbPlaybackEvents api = DuckDbPlaybackEvents.open(file)) {
            edge.insert(lines(line(UUID.randomUUID(), 1, 200, 1)));
            assertThat(single(api, "SELECT count(*) FROM playback_events")).isEqualTo("1");
        }
        try (DuckDbPlaybackEvents reopened = DuckDbPlaybackEvents.open(file)) {
            assertThat(single(reopened, "SELECT count(*) FROM playback_events")).isEqualTo("1");
        }
    }

    @Test
    void linesThatCanNeverBeStoredAreRejectedForGoodAndStoreNothing() throws Exception {
        try (DuckDbPlaybackEvents store = DuckDbPlaybackEvents.open(dir.resolve("r.duckdb"))) {
            List<String> bad =
                    List.of(
                            "not json at all\n",
                            "{\"event_id\":\"not-a-uuid\"}\n",
                            line(UUID.randomUUID(), 1, 200, 1).replace("\"bytes_served\":1,", "")
                                    + "\n",
                            line(UUID.randomUUID(), 1, 70000, 1) + "\n",
                            line(UUID.randomUUID(), 1, 200, -1) + "\n");
            for (String lines : bad) {
                assertThatThrownBy(() -> store.insert(lines.getBytes(StandardCharsets.UTF_8)))
                        .as(lines)
                        .isInstanceOf(DuckDbPlaybackEvents.RejectedEvents.class);
            }
            assertThat(single(store, "SELECT count(*) FROM playback_events")).isEqualTo("0");
        }
    }

    @Test
    void deleteBeforeRemovesOnlyOlderEvents() throws Exception {
        try (DuckDbPlaybackEvents store = DuckDbPlaybackEvents.open(dir.resolve("d.duckdb"))) {
            store.insert(
                    lines(
                            line(UUID.randomUUID(), 10, 200, 1),
                            line(UUID.randomUUID(), 20, 200, 1)));
            assertThat(store.deleteBefore(20)).isEqualTo(1);
            assertThat(single(store, "SELECT min(observed_at) FROM playback_events"))
                    .isEqualTo("20");
        }
    }

    @Test
    void aFileThatCannotBeOpenedSaysWhichSetting() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> DuckDbPlaybackEvents.open(notADirectory.resolve("x.duckdb")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REND_ANALYTICS_DUCKDB");
    }

    private static String single(DuckDbPlaybackEvents store, String sql) throws Exception {
        return store.rows(sql).get(0)[0];
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String line(UUID id, long at, int status, long bytes) {
        return ("{\"event_id\":\"%s\",\"observed_at\":%d,\"asset_id\":\"a\",\"artifact_path\":\"p\","
                        + "\"edge_id\":\"e\",\"region\":\"r\",\"cache_status\":\"HIT\",\"status_code\":%d,"
                        + "\"bytes_served\":%d,\"content_type\":\"video/mp4\",\"duration_ms\":3,\"error_code\":\"\"}")
                .formatted(id, at, status, bytes);
    }
}
