package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import so.rend.worker.media.MediaTools;

/**
 * The whole path in the embedded mode (embedded PostgreSQL, S3Proxy, rend-api, rend-worker with the
 * bundled ffmpeg, rend-edge): upload a real video, watch it become playable, and play the signed
 * URLs from the bootstrap through the edge with ffprobe. The edge was warmed by the worker, so the
 * first segments are hits.
 */
class EmbeddedPlaybackIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anUploadBecomesPlayableThroughSignedEdgeUrlsThatFfprobeReads(@TempDir Path data)
            throws Exception {
        MediaTools tools = MediaTools.locate(null, null);
        Path fixture = data.resolve("fixture.mp4");
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
                        "testsrc2=size=640x360:rate=30:duration=4",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:duration=4",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-shortest",
                        fixture.toString()));

        try (RendDev rend =
                RendDev.start(
                        DevSettings.onFreePorts(
                                data.resolve("rend"), "dev-api-key", DevSettings.CLICKHOUSE_OFF))) {
            List<String> sse = new java.util.concurrent.CopyOnWriteArrayList<>();
            HttpResponse<java.util.stream.Stream<String>> stream =
                    HTTP.send(
                            HttpRequest.newBuilder(rend.apiUrl().resolve("/v1/events"))
                                    .header("authorization", "Bearer dev-api-key")
                                    .build(),
                            HttpResponse.BodyHandlers.ofLines());
            Thread reader =
                    new Thread(
                            () ->
                                    stream.body()
                                            .filter(l -> l.startsWith("event:"))
                                            .forEach(sse::add));
            reader.setDaemon(true);
            reader.start();
            HttpResponse<String> upload =
                    HTTP.send(
                            HttpRequest.newBuilder(rend.apiUrl().resolve("/v1/videos"))
                                    .header("authorization", "Bearer dev-api-key")
                                    .header("content-type", "video/mp4")
                                    .POST(HttpRequest.BodyPublishers.ofFile(fixture))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).isEqualTo(201);
            String assetId = field(upload.body(), "asset_id");

            DevFixtures.awaitHlsReady(rend, "dev-api-key", assetId);
            List<String> lifecycle =
                    List.of(
                            "asset.created",
                            "media_job.started",
                            "asset.opener_ready",
                            "asset.hls_ready",
                            "media_job.succeeded");
            String polled = get(rend.apiUrl().resolve("/v1/assets/" + assetId + "/events")).body();
            assertThat(eventTypes(polled)).containsSubsequence(lifecycle);
            long sseDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sse.contains("event:media_job.succeeded") && System.nanoTime() < sseDeadline) {
                Thread.sleep(50);
            }
            assertThat(sse)
                    .containsSubsequence(lifecycle.stream().map(type -> "event:" + type).toList());
            stream.body().close();

            String bootstrap =
                    get(rend.apiUrl().resolve("/v1/assets/" + assetId + "/playback")).body();
            String manifest = field(bootstrap, "manifest_url");
            assertThat(manifest).startsWith(rend.edgeUrl() + "/p/");
            HttpResponse<String> master =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(manifest)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(master.statusCode()).isEqualTo(200);
            assertThat(master.body()).startsWith("#EXTM3U").contains("360p/index.m3u8");

            // The worker warmed the first segments onto the edge before anyone asked.
            Matcher hint = Pattern.compile("\"segment_hints\":\\[\"([^\"]+)\"").matcher(bootstrap);
            assertThat(hint.find()).isTrue();
            awaitEvent(rend, assetId, "asset.edge_warmed");
            HttpResponse<byte[]> segment =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(hint.group(1))).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(segment.statusCode()).isEqualTo(200);
            assertThat(segment.headers().firstValue("X-Rend-Cache")).contains("HIT");

            String probe =
                    DevFixtures.run(
                            tools,
                            List.of(
                                    tools.ffprobe().toString(),
                                    "-v",
                                    "error",
                                    "-show_entries",
                                    "format=duration:stream=codec_type,height",
                                    "-of",
                                    "compact",
                                    manifest));
            assertThat(probe)
                    .contains("codec_type=video")
                    .contains("codec_type=audio")
                    .contains("height=360");
            String opener =
                    DevFixtures.run(
                            tools,
                            List.of(
                                    tools.ffprobe().toString(),
                                    "-v",
                                    "error",
                                    "-show_entries",
                                    "stream=codec_type",
                                    "-of",
                                    "compact",
                                    field(bootstrap, "opener_url")));
            assertThat(opener).contains("codec_type=video");
        }
    }

    @Test
    void deleteIsIdempotentPurgesTheEdgeRevokesIssuedUrlsAndRemovesTheObjectsAfterTheGrace(
            @TempDir Path data) throws Exception {
        Path fixture = DevFixtures.video(data.resolve("fixture.mp4"), "320x240", 2);
        System.setProperty("REND_DELETE_GRACE_SECS", "2");
        try (RendDev rend =
                RendDev.start(
                        DevSettings.onFreePorts(
                                data.resolve("rend"), "dev-api-key", DevSettings.CLICKHOUSE_OFF))) {
            HttpResponse<String> upload =
                    HTTP.send(
                            HttpRequest.newBuilder(rend.apiUrl().resolve("/v1/videos"))
                                    .header("authorization", "Bearer dev-api-key")
                                    .header("content-type", "video/mp4")
                                    .POST(HttpRequest.BodyPublishers.ofFile(fixture))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String assetId = field(upload.body(), "asset_id");
            awaitEvent(rend, assetId, "asset.hls_ready");
            String manifest =
                    field(
                            get(rend.apiUrl().resolve("/v1/assets/" + assetId + "/playback"))
                                    .body(),
                            "manifest_url");
            assertThat(
                            HTTP.send(
                                            HttpRequest.newBuilder(URI.create(manifest)).build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                    .isEqualTo(200);
            Path cachedManifest = data.resolve("rend/edge-cache/" + assetId + "/hls/master.m3u8");
            assertThat(cachedManifest).exists();

            HttpResponse<String> first = delete(rend, assetId);
            HttpResponse<String> again = delete(rend, assetId);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(field(again.body(), "deleted_at"))
                    .isEqualTo(field(first.body(), "deleted_at"));
            assertThat(field(first.body(), "state")).isEqualTo("deleted");
            HttpResponse<String> bootstrap =
                    get(rend.apiUrl().resolve("/v1/assets/" + assetId + "/playback"));
            assertThat(bootstrap.statusCode()).isEqualTo(404);
            assertThat(cachedManifest).doesNotExist();
            HttpResponse<String> revoked =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(manifest)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).isEqualTo(410);
            assertThat(revoked.body()).contains("asset_deleted");
            awaitEvent(rend, assetId, "asset.deleted");
            awaitEvent(rend, assetId, "asset.edge_purged");
            awaitEvent(rend, assetId, "asset.objects_deleted");
            try (var objects = Files.walk(data.resolve("rend/objects/rend-local"))) {
                assertThat(
                                objects.filter(Files::isRegularFile)
                                        .map(Path::toString)
                                        .filter(p -> p.contains(assetId)))
                        .isEmpty();
            }
            String events =
                    get(rend.apiUrl().resolve("/v1/assets/" + assetId + "/events?limit=500"))
                            .body();
            assertThat(events.split("\"event_type\":\"asset.deleted\"", -1)).hasSize(2);
        } finally {
            System.clearProperty("REND_DELETE_GRACE_SECS");
        }
    }

    private static List<String> eventTypes(String json) {
        Matcher m = Pattern.compile("\"event_type\":\"([^\"]+)\"").matcher(json);
        List<String> types = new ArrayList<>();
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    private static HttpResponse<String> delete(RendDev rend, String assetId) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(rend.apiUrl().resolve("/v1/assets/" + assetId))
                        .header("authorization", "Bearer dev-api-key")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitEvent(RendDev rend, String assetId, String type) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(rend.apiUrl().resolve("/v1/assets/" + assetId + "/events?limit=500"))
                    .body()
                    .contains("\"event_type\":\"" + type + "\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + type + " event");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).header("authorization", "Bearer dev-api-key").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
