package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import so.rend.assetevents.AssetEventType;
import so.rend.objectstore.ObjectInfo;
import so.rend.worker.MediaTestbed;
import so.rend.worker.hls.MediaPlaylist;
import so.rend.worker.media.ProbeParser;
import so.rend.worker.media.SourceProbe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole worker (Spring application, LISTEN/NOTIFY, the pipeline) against embedded PostgreSQL,
 * S3Proxy and the bundled ffmpeg, on small generated fixtures.
 */
class AssetPipelineIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static MediaTestbed testbed;
    private static ConfigurableApplicationContext worker;
    @TempDir static Path fixtures;

    @BeforeAll
    static void start() {
        testbed = new MediaTestbed();
        worker = testbed.startWorker(Map.of("REND_WORKER_POLL_SECS", "1"));
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void anUploadBecomesOpenerReadyThenHlsReadyWithEveryArtifactStoredAsRecorded(
            @TempDir Path scratch) throws Exception {
        Path source = testbed.fixture(fixtures, "landscape.mp4", 640, 360, 6, true);
        MediaTestbed.Upload upload = testbed.upload(source, 5);
        UUID assetId = upload.assetId();

        MediaTestbed.await(
                "hls_ready",
                Duration.ofSeconds(90),
                () -> "hls_ready".equals(testbed.playableState(assetId)));

        // The opener was published (with its event) before the ladder's.
        List<String> lifecycle =
                testbed.jdbc.queryForList(
                        "SELECT event_type FROM rend.asset_events WHERE asset_id = ? ORDER BY sequence",
                        String.class,
                        assetId);
        assertThat(lifecycle)
                .containsSubsequence(
                        "asset.created",
                        AssetEventType.MEDIA_JOB_STARTED.wireName(),
                        AssetEventType.ASSET_OPENER_READY.wireName(),
                        AssetEventType.ASSET_HLS_READY.wireName());
        MediaTestbed.await(
                "job succeeded",
                Duration.ofSeconds(10),
                () -> "succeeded".equals(testbed.jobState(upload.jobId())));
        assertThat(lifecycle).doesNotContain(AssetEventType.ASSET_FAILED.wireName());

        Map<String, Object> asset =
                testbed.jdbc.queryForMap(
                        "SELECT duration_ms, width, height, video_codec, audio_codec FROM rend.assets WHERE id = ?",
                        assetId);
        assertThat(asset)
                .containsEntry("width", 640)
                .containsEntry("height", 360)
                .containsEntry("video_codec", "h264")
                .containsEntry("audio_codec", "aac");
        assertThat((Long) asset.get("duration_ms")).isBetween(5900L, 6100L);

        // Every artifact row is an object of exactly the recorded size, and every object has a row.
        String prefix = "videos/" + assetId + "/";
        Map<String, Long> rows =
                testbed.jdbc.query(
                        "SELECT object_key, byte_size FROM rend.artifacts WHERE asset_id = ? AND kind <> 'source'",
                        rs -> {
                            Map<String, Long> m = new java.util.HashMap<>();
                            while (rs.next()) {
                                m.put(rs.getString(1), rs.getLong(2));
                            }
                            return m;
                        },
                        assetId);
        Map<String, Long> objects =
                testbed.store
                        .list(prefix)
                        .collectMap(ObjectInfo::key, ObjectInfo::byteSize)
                        .block();
        assertThat(rows).isEqualTo(objects);
        assertThat(rows)
                .containsKeys(
                        prefix + "opener.mp4",
                        prefix + "thumbnail.jpg",
                        prefix + "hls/master.m3u8");
        assertMediaTimes(assetId, rows, 6000);

        // The master lists only renditions that fit the 360p source, with measured attributes.
        String master = read(prefix + "hls/master.m3u8", scratch.resolve("master.m3u8"));
        assertThat(master).startsWith("#EXTM3U\n").contains("#EXT-X-INDEPENDENT-SEGMENTS");
        List<String> variantUris =
                master.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(variantUris).containsExactly("240p/index.m3u8", "360p/index.m3u8");
        List<String> streamInfs =
                master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
        assertThat(streamInfs).hasSize(2);
        assertThat(streamInfs.get(1))
                .contains("RESOLUTION=640x360")
                .containsPattern("CODECS=\"avc1\\.64[0-9a-f]{4},mp4a\\.40\\.2\"")
                .contains("FRAME-RATE=30.000");
        assertThat(streamInfs.get(0)).contains("RESOLUTION=426x240");
        for (String inf : streamInfs) {
            long peak = attribute(inf, "BANDWIDTH");
            long average = attribute(inf, "AVERAGE-BANDWIDTH");
            assertThat(peak).isGreaterThanOrEqualTo(average);
            assertThat(average).isGreaterThan(100_000);
        }

        for (String uri : variantUris) {
            String rendition = uri.substring(0, uri.indexOf('/'));
            Path dir = Files.createDirectories(scratch.resolve(rendition));
            String text = read(prefix + "hls/" + uri, dir.resolve("index.m3u8"));
            assertThat(text)
                    .contains("#EXT-X-MAP:URI=\"init.mp4\"")
                    .contains("#EXT-X-TARGETDURATION:2");
            MediaPlaylist playlist = MediaPlaylist.parse(text);
            assertThat(playlist.ended()).isTrue();
            assertThat(playlist.segments()).hasSize(3);
            assertThat(playlist.segments())
                    .allSatisfy(
                            s ->
                                    assertThat(s.durationSeconds())
                                            .isCloseTo(
                                                    2.0,
                                                    org.assertj.core.data.Offset.offset(0.01)));
            // ffprobe reads the rendition as init + segments, the way a player appends them.
            Path joined = dir.resolve("joined.mp4");
            try (var out = Files.newOutputStream(joined)) {
                out.write(
                        Files.readAllBytes(
                                download(
                                        prefix + "hls/" + rendition + "/init.mp4",
                                        dir.resolve("init.mp4"))));
                for (MediaPlaylist.Segment segment : playlist.segments()) {
                    out.write(
                            Files.readAllBytes(
                                    download(
                                            prefix + "hls/" + rendition + "/" + segment.uri(),
                                            dir.resolve(segment.uri()))));
                }
            }
            SourceProbe probe = ProbeParser.parse(testbed.probe(joined));
            assertThat(probe.height()).isEqualTo(Integer.parseInt(rendition.replace("p", "")));
            assertThat(probe.hasAudio()).isTrue();
            assertThat(probe.durationMillis()).isBetween(5800L, 6200L);
        }

        // The opener: a faststart MP4 covering a whole number of 2 s segments, small and low-res.
        JsonNode openerReady =
                JSON.readTree(
                        testbed.jdbc.queryForObject(
                                "SELECT payload::text FROM rend.asset_events WHERE asset_id = ? AND event_type = 'asset.opener_ready'",
                                String.class,
                                assetId));
        int segments = openerReady.path("segments").asInt();
        assertThat(segments).isGreaterThanOrEqualTo(1);
        assertThat(openerReady.path("duration_ms").asLong()).isEqualTo(segments * 2000L);
        Path opener = download(prefix + "opener.mp4", scratch.resolve("opener.mp4"));
        SourceProbe openerProbe = ProbeParser.parse(testbed.probe(opener));
        assertThat(openerProbe.durationMillis())
                .isBetween(segments * 2000L - 50, segments * 2000L + 100);
        assertThat(openerProbe.height()).isLessThanOrEqualTo(360);
        assertThat(moovBeforeMdat(Files.readAllBytes(opener))).isTrue();
        JsonNode thumbnail =
                JSON.readTree(
                        testbed.probe(
                                download(prefix + "thumbnail.jpg", scratch.resolve("t.jpg"))));
        assertThat(thumbnail.path("streams").get(0).path("codec_name").asString())
                .isEqualTo("mjpeg");

        JsonNode hlsReady =
                JSON.readTree(
                        testbed.jdbc.queryForObject(
                                "SELECT payload::text FROM rend.asset_events WHERE asset_id = ? AND event_type = 'asset.hls_ready'",
                                String.class,
                                assetId));
        assertThat(hlsReady.path("master_playlist").asString())
                .isEqualTo(prefix + "hls/master.m3u8");
        assertThat(hlsReady.path("renditions").toString()).isEqualTo("[\"360p\",\"240p\"]");
    }

    @Test
    void aSilentPortraitVideoGetsVideoOnlyRenditionsThatAreNeverUpscaled(@TempDir Path scratch)
            throws Exception {
        Path source = testbed.fixture(fixtures, "portrait-silent.mp4", 240, 320, 4, false);
        MediaTestbed.Upload upload = testbed.upload(source, 5);

        MediaTestbed.await(
                "hls_ready",
                Duration.ofSeconds(90),
                () -> "hls_ready".equals(testbed.playableState(upload.assetId())));

        String prefix = "videos/" + upload.assetId() + "/";
        String master = read(prefix + "hls/master.m3u8", scratch.resolve("master.m3u8"));
        assertThat(master.lines().filter(l -> l.endsWith(".m3u8")).toList())
                .containsExactly("240p/index.m3u8");
        assertThat(master).contains("RESOLUTION=240x320").doesNotContain("mp4a");
        Set<String> renditions =
                testbed
                        .jdbc
                        .queryForList(
                                "SELECT DISTINCT rendition FROM rend.artifacts WHERE asset_id = ? AND rendition IS NOT NULL",
                                String.class,
                                upload.assetId())
                        .stream()
                        .collect(Collectors.toSet());
        assertThat(renditions).containsExactly("240p");
        SourceProbe opener =
                ProbeParser.parse(
                        testbed.probe(download(prefix + "opener.mp4", scratch.resolve("o.mp4"))));
        assertThat(opener.hasAudio()).isFalse();
        assertThat(opener.width()).isEqualTo(240);
    }

    @Test
    void aSourceThatIsNotAVideoFailsAfterOneAttemptWithAnErrorCode(@TempDir Path scratch)
            throws Exception {
        Path garbage = scratch.resolve("garbage.mp4");
        byte[] bytes = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);
        MediaTestbed.Upload upload = testbed.upload(garbage, 5);

        MediaTestbed.await(
                "failed",
                Duration.ofSeconds(30),
                () -> "failed".equals(testbed.jobState(upload.jobId())));

        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT attempts, last_error_code, last_error FROM rend.media_jobs WHERE id = ?",
                        upload.jobId());
        assertThat(job)
                .containsEntry("attempts", 1)
                .containsEntry("last_error_code", "source_not_video");
        assertThat((String) job.get("last_error")).contains("ffprobe");
        Map<String, Object> asset =
                testbed.jdbc.queryForMap(
                        "SELECT playable_state, failure_code FROM rend.assets WHERE id = ?",
                        upload.assetId());
        assertThat(asset)
                .containsEntry("playable_state", "failed")
                .containsEntry("failure_code", "source_not_video");
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_STARTED)).isEqualTo(1);
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_RETRY_SCHEDULED))
                .isZero();
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_FAILED)).isEqualTo(1);
        assertThat(testbed.events(upload.assetId(), AssetEventType.ASSET_FAILED)).isEqualTo(1);
    }

    @Test
    void aDeleteAssetObjectsJobRemovesEveryObjectAndArtifactRowOfTheAsset(@TempDir Path scratch) {
        Path source = testbed.fixture(fixtures, "short.mp4", 320, 240, 2, true);
        MediaTestbed.Upload upload = testbed.upload(source, 5);
        MediaTestbed.await(
                "hls_ready",
                Duration.ofSeconds(60),
                () -> "hls_ready".equals(testbed.playableState(upload.assetId())));
        MediaTestbed.await(
                "job succeeded",
                Duration.ofSeconds(10),
                () -> "succeeded".equals(testbed.jobState(upload.jobId())));

        UUID deleteJob = UUID.randomUUID();
        testbed.jdbc.update(
                "UPDATE rend.assets SET deleted_at = now() WHERE id = ?", upload.assetId());
        testbed.jdbc.update(
                "INSERT INTO rend.media_jobs (id, asset_id, kind) VALUES (?, ?, 'delete_asset_objects')",
                deleteJob,
                upload.assetId());
        MediaTestbed.await(
                "deleted",
                Duration.ofSeconds(30),
                () -> "succeeded".equals(testbed.jobState(deleteJob)));

        assertThat(testbed.store.list("videos/" + upload.assetId() + "/").collectList().block())
                .isEmpty();
        assertThat(testbed.store.list("sources/" + upload.assetId() + "/").collectList().block())
                .isEmpty();
        assertThat(
                        testbed.jdbc.queryForObject(
                                "SELECT count(*) FROM rend.artifacts WHERE asset_id = ?",
                                Integer.class,
                                upload.assetId()))
                .isZero();
        assertThat(testbed.events(upload.assetId(), AssetEventType.ASSET_OBJECTS_DELETED))
                .isEqualTo(1);
    }

    /**
     * The delivered-minutes meter's rows: the opener and every media segment with its object's
     * size, each rendition's segments summing to the source's length, nothing for other files.
     */
    private void assertMediaTimes(UUID assetId, Map<String, Long> objectSizes, long sourceMillis) {
        String prefix = "videos/" + assetId + "/";
        List<Map<String, Object>> media =
                testbed.jdbc.queryForList(
                        "SELECT artifact_path, byte_size, media_ms FROM rend.artifact_media WHERE asset_id = ?",
                        assetId);
        Map<String, Long> perRendition = new TreeMap<>();
        for (Map<String, Object> row : media) {
            String path = (String) row.get("artifact_path");
            assertThat(row.get("byte_size")).isEqualTo(objectSizes.get(prefix + path));
            long millis = (Long) row.get("media_ms");
            if (path.equals("opener.mp4")) {
                assertThat(millis).isEqualTo(2000L);
            } else {
                assertThat(path).matches("hls/[0-9]+p/segment_[0-9]+\\.m4s");
                perRendition.merge(path.split("/")[1], millis, Long::sum);
            }
        }
        assertThat(media).extracting(row -> row.get("artifact_path")).contains("opener.mp4");
        assertThat(perRendition).containsOnlyKeys("240p", "360p");
        perRendition
                .values()
                .forEach(total -> assertThat(total).isCloseTo(sourceMillis, within(150L)));
    }

    @Test
    void servesHealthReadinessAndQueueMetrics() throws Exception {
        int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> health =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        MediaTestbed.await(
                "ready",
                Duration.ofSeconds(10),
                () -> get(http, port, "/readyz").statusCode() == 200);
        HttpResponse<String> metrics = get(http, port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("rend_media_jobs_ready ")
                .contains("rend_media_jobs_oldest_ready_age_seconds ")
                .contains("rend_media_jobs_running ")
                .contains("rend_media_job_pickup_latency_seconds");
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("x-rend-internal-token", MediaTestbed.INTERNAL_TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long attribute(String streamInf, String name) {
        for (String part : streamInf.substring(streamInf.indexOf(':') + 1).split(",")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " missing in " + streamInf);
    }

    private static Path download(String key, Path file) {
        return testbed.store.getToFile(key, file).block();
    }

    private static String read(String key, Path file) throws Exception {
        return Files.readString(download(key, file), StandardCharsets.UTF_8);
    }

    /** Faststart: the moov box comes before mdat, so playback starts after the first bytes. */
    static boolean moovBeforeMdat(byte[] mp4) {
        int at = 0;
        while (at + 8 <= mp4.length) {
            long size =
                    ((mp4[at] & 0xffL) << 24)
                            | ((mp4[at + 1] & 0xffL) << 16)
                            | ((mp4[at + 2] & 0xffL) << 8)
                            | (mp4[at + 3] & 0xffL);
            String type = new String(mp4, at + 4, 4, StandardCharsets.US_ASCII);
            if (type.equals("moov")) {
                return true;
            }
            if (type.equals("mdat") || size < 8) {
                return false;
            }
            at += (int) size;
        }
        return false;
    }
}
