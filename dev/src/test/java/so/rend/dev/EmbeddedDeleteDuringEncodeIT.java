package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import so.rend.worker.media.MediaTools;

/**
 * Issue 12's first case on the embedded mode: a 40 s 1080p source deleted through the API while its
 * ladder encodes, with no grace before the objects' removal (so that removal runs while the encode
 * is alive). Nothing is published after {@code asset.deleted}, the asset reads deleted and not
 * playable, and once the run has stopped no object and no artifact row of it remains.
 */
class EmbeddedDeleteDuringEncodeIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> NEVER_AFTER_DELETION =
            List.of("asset.opener_ready", "asset.hls_ready", "asset.edge_warmed", "asset.failed");

    @Test
    void deletingMidEncodeStopsTheRunPublishesNothingAfterAndLeavesNoObjectOrRow(@TempDir Path data)
            throws Exception {
        Path fixture = fixture(data.resolve("source-1080p.mp4"));
        System.setProperty("REND_DELETE_GRACE_SECS", "0");
        try (RendDev rend =
                RendDev.start(
                        DevSettings.onFreePorts(
                                data.resolve("rend"), "dev-api-key", DevSettings.CLICKHOUSE_OFF))) {
            HttpResponse<String> upload =
                    HTTP.send(
                            request(rend, "/v1/videos")
                                    .header("content-type", "video/mp4")
                                    .POST(HttpRequest.BodyPublishers.ofFile(fixture))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            UUID assetId = UUID.fromString(field(upload.body(), "asset_id"));
            JdbcTemplate db = rend.database();
            await(
                    "opener_ready",
                    Duration.ofSeconds(90),
                    () -> hasEvent(db, assetId, "asset.opener_ready"));
            assertThat(hasEvent(db, assetId, "asset.hls_ready"))
                    .as("ladder still encoding")
                    .isFalse();

            long deleting = System.nanoTime();
            HttpResponse<String> deleted =
                    HTTP.send(
                            request(rend, "/v1/assets/" + assetId).DELETE().build(),
                            HttpResponse.BodyHandlers.ofString());
            long answered = millisSince(deleting);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            await(
                    "media_job.cancelled",
                    Duration.ofSeconds(30),
                    () -> hasEvent(db, assetId, "media_job.cancelled"));
            System.out.printf(
                    "delete answered in %d ms; running job cancelled %d ms after the DELETE was sent%n",
                    answered, millisSince(deleting));

            await(
                    "no object, artifact row or unfinished job left",
                    Duration.ofSeconds(60),
                    () ->
                            objectFiles(data, assetId).isEmpty()
                                    && count(
                                                    db,
                                                    "SELECT count(*) FROM rend.artifacts WHERE asset_id = ?",
                                                    assetId)
                                            == 0
                                    && count(
                                                    db,
                                                    "SELECT count(*) FROM rend.media_jobs WHERE asset_id = ? AND state IN ('queued', 'running')",
                                                    assetId)
                                            == 0);
            System.out.printf(
                    "objects and rows gone %d ms after the DELETE%n", millisSince(deleting));

            assertThat(eventsAfterDeletion(db, assetId))
                    .doesNotContainAnyElementsOf(NEVER_AFTER_DELETION);
            HttpResponse<String> asset =
                    HTTP.send(
                            request(rend, "/v1/assets/" + assetId).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(asset.statusCode()).isEqualTo(200);
            assertThat(asset.body())
                    .contains("\"playable_state\":\"not_playable\"")
                    .contains("\"deleted_at\":\"");
            HttpResponse<String> playback =
                    HTTP.send(
                            request(rend, "/v1/assets/" + assetId + "/playback").GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(playback.statusCode()).isEqualTo(404);
        } finally {
            System.clearProperty("REND_DELETE_GRACE_SECS");
        }
    }

    private static Path fixture(Path file) throws Exception {
        MediaTools tools = MediaTools.locate(null, null);
        DevFixtures.run(
                tools,
                List.of(
                        tools.ffmpeg().toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=1920x1080:rate=30:duration=40",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:duration=40",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-shortest",
                        file.toString()));
        return file;
    }

    private static HttpRequest.Builder request(RendDev rend, String path) {
        return HttpRequest.newBuilder(rend.apiUrl().resolve(path))
                .header("authorization", "Bearer dev-api-key");
    }

    private static boolean hasEvent(JdbcTemplate db, UUID assetId, String type) {
        return count(
                        db,
                        "SELECT count(*) FROM rend.asset_events WHERE asset_id = ? AND event_type = '"
                                + type
                                + "'",
                        assetId)
                > 0;
    }

    private static int count(JdbcTemplate db, String sql, UUID assetId) {
        return db.queryForObject(sql, Integer.class, assetId);
    }

    private static List<String> eventsAfterDeletion(JdbcTemplate db, UUID assetId) {
        return db.queryForList(
                """
                SELECT event_type FROM rend.asset_events
                WHERE asset_id = ? AND sequence > (
                    SELECT sequence FROM rend.asset_events WHERE asset_id = ? AND event_type = 'asset.deleted')
                ORDER BY sequence
                """,
                String.class,
                assetId,
                assetId);
    }

    /** Every file S3Proxy keeps for the asset, multipart parts in progress included. */
    private static List<String> objectFiles(Path data, UUID assetId) {
        try (Stream<Path> files = Files.walk(data.resolve("rend/objects"))) {
            return files.filter(Files::isRegularFile)
                    .map(Path::toString)
                    .filter(p -> p.contains(assetId.toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
