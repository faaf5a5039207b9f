package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static so.rend.worker.pipeline.CraftedSources.HLS_TYPE;
import static so.rend.worker.pipeline.CraftedSources.ascii;
import static so.rend.worker.pipeline.CraftedSources.box;
import static so.rend.worker.pipeline.CraftedSources.concat;
import static so.rend.worker.pipeline.CraftedSources.ffconcat;
import static so.rend.worker.pipeline.CraftedSources.ftyp;
import static so.rend.worker.pipeline.CraftedSources.masterPlaylist;
import static so.rend.worker.pipeline.CraftedSources.mpd;
import static so.rend.worker.pipeline.CraftedSources.playlist;
import static so.rend.worker.pipeline.CraftedSources.sdp;
import static so.rend.worker.pipeline.CraftedSources.tsCarrying;
import static so.rend.worker.pipeline.CraftedSources.tsPackets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import so.rend.assetevents.AssetEventType;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.worker.MediaTestbed;
import so.rend.worker.media.MediaFailure;

/**
 * Uploads crafted to make ffprobe or ffmpeg reach outside the source — manifests, playlists and
 * scripts that name a listener on 127.0.0.1, other objects of the store (relative names resolve
 * against the presigned source URL) and canary files outside the job directory — each stored
 * straight into S3 with its job queued, as the API would after its sniff, so only the worker's own
 * defence stands. The whole worker runs against embedded PostgreSQL, S3Proxy and the bundled
 * ffmpeg. Every one must fail after one attempt with a code no retry changes, while the listener
 * sees no connection and no canary is read.
 */
class CraftedUploadsIT {

    private static final String UNSUPPORTED = MediaFailure.UNSUPPORTED_CONTAINER;
    private static final String NOT_VIDEO = MediaFailure.SOURCE_NOT_VIDEO;

    private static MediaTestbed testbed;
    private static TrapListener trap;
    private static Canaries canaries;
    private static UUID victim;
    @TempDir static Path scratch;

    @BeforeAll
    static void start() throws IOException {
        testbed = new MediaTestbed();
        trap = new TrapListener();
        canaries = new Canaries();
        Path video = testbed.fixture(scratch, "victim.mp4", 320, 240, 2, true);
        // Another account's source, which a relative reference would resolve to.
        victim = UUID.randomUUID();
        testbed.store.putFile(AssetObjectKeys.source(victim), "video/mp4", video).block();
        canaries.add("canary.mp4", Files.readAllBytes(video));
        canaries.add("canary.ts", tsPackets(4));
        for (int i = 1; i <= 3; i++) {
            canaries.add(String.format("img%03d.jpg", i), new byte[] {(byte) 0xFF, (byte) 0xD8});
        }
        canaries.armDirectory();
        testbed.startWorker(Map.of("REND_WORKER_POLL_SECS", "1"));
    }

    @AfterAll
    static void stop() throws IOException {
        testbed.close();
        trap.close();
        canaries.close();
    }

    @Test
    void theCanariesNoticeARead() throws IOException {
        try (Canaries control = new Canaries()) {
            Path file = control.add("control", new byte[] {1, 2, 3});
            assertThat(control.touched()).isEmpty();

            Files.readAllBytes(file);

            assertThat(control.touched())
                    .as("this file system must move access times on read (not noatime)")
                    .hasSize(1);
        }
    }

    static Stream<Arguments> craftedUploads() {
        return Stream.of(
                crafted(
                        "DASH manifest after an XML comment, absolute BaseURL to the listener",
                        "video/mp4",
                        UNSUPPORTED,
                        () -> mpd("<!-- a video -->", trap.url("/dash/"), "x.mp4")),
                crafted(
                        "DASH manifest whose comment starts like an ftyp box",
                        "video/mp4",
                        NOT_VIDEO,
                        () -> mpd("<!--ftypisom-->", trap.url("/dash/"), "x.mp4")),
                crafted(
                        "DASH manifest, relative BaseURL to another asset's source",
                        "video/mp4",
                        UNSUPPORTED,
                        () -> mpd("<!-- a video -->", "../" + victim + "/", "source")),
                crafted(
                        "DASH manifest, file: BaseURL to a canary",
                        "video/mp4",
                        UNSUPPORTED,
                        // Without the allow-list, ffprobe's second look (at the downloaded file)
                        // reads the canary: a manifest opened from a file may open files.
                        () ->
                                mpd(
                                        "<!-- a video -->",
                                        "",
                                        "file://" + canaries.dir() + "/canary.mp4")),
                crafted(
                        "DASH manifest behind a free box",
                        "video/mp4",
                        NOT_VIDEO,
                        () -> concat(box("free", 8), mpd("", trap.url("/dash/"), "x.mp4"))),
                crafted(
                        "HLS media playlist, segment on the listener",
                        HLS_TYPE,
                        UNSUPPORTED,
                        () -> playlist(trap.url("/hls/segment0.ts"))),
                crafted(
                        "HLS media playlist, relative segment: another asset's source",
                        HLS_TYPE,
                        UNSUPPORTED,
                        () -> playlist("../" + victim + "/source")),
                crafted(
                        "HLS media playlist with data: and file: segments",
                        HLS_TYPE,
                        UNSUPPORTED,
                        () ->
                                playlist(
                                        "data:video/mp2t;base64,"
                                                + Base64.getEncoder().encodeToString(tsPackets(2)),
                                        "file://" + canaries.dir() + "/canary.ts")),
                crafted(
                        "HLS media playlist with an image-sequence pattern",
                        HLS_TYPE,
                        UNSUPPORTED,
                        () -> playlist("file://" + canaries.dir() + "/img%03d.jpg")),
                crafted(
                        "HLS master playlist nesting variants on the listener and in the store",
                        HLS_TYPE,
                        UNSUPPORTED,
                        () ->
                                masterPlaylist(
                                        trap.url("/hls/variant.m3u8"), "../" + victim + "/source")),
                crafted(
                        "HLS playlist behind MPEG-TS packets with real sync bytes",
                        HLS_TYPE,
                        NOT_VIDEO,
                        () -> concat(tsPackets(4), playlist(trap.url("/hls/after-ts.ts")))),
                crafted(
                        "MPEG-TS whose payload is an HLS playlist",
                        HLS_TYPE,
                        NOT_VIDEO,
                        () ->
                                concat(
                                        tsPackets(3),
                                        tsCarrying(playlist(trap.url("/hls/in-ts.ts"))),
                                        tsPackets(3))),
                crafted(
                        "HLS playlist after an ftyp box",
                        HLS_TYPE,
                        NOT_VIDEO,
                        () -> concat(ftyp(), playlist(trap.url("/hls/after-ftyp.ts")))),
                crafted(
                        "SMIL after an ftyp box",
                        "video/mp4",
                        NOT_VIDEO,
                        () ->
                                concat(
                                        ftyp(),
                                        ascii(
                                                "<smil><body><video src=\""
                                                        + trap.url("/smil.mp4")
                                                        + "\"/></body></smil>\n"))),
                crafted(
                        "ffconcat script naming the listener and a canary",
                        "video/mp4",
                        UNSUPPORTED,
                        () -> ffconcat(trap.url("/concat.mp4"), canaries.dir() + "/canary.mp4")),
                crafted(
                        "ffconcat script with a relative name and an image-sequence pattern",
                        "video/mp4",
                        UNSUPPORTED,
                        () -> ffconcat("source", "img%03d.jpg")),
                crafted(
                        "SDP description sending RTP to the listener's port",
                        "application/sdp",
                        UNSUPPORTED,
                        () -> sdp(trap.port())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("craftedUploads")
    void aCraftedUploadFailsOnceWithAClearCodeAndReachesNothingOutside(
            String name, String contentType, String expectedCode, Supplier<byte[]> body)
            throws IOException {
        Path source = scratch.resolve(UUID.randomUUID() + ".bin");
        Files.write(source, body.get());

        MediaTestbed.Upload upload = testbed.upload(source, contentType, 5);
        MediaTestbed.await(
                "job failed",
                Duration.ofSeconds(60),
                () -> "failed".equals(testbed.jobState(upload.jobId())));

        Map<String, Object> job =
                testbed.jdbc.queryForMap(
                        "SELECT attempts, last_error_code, last_error FROM rend.media_jobs WHERE id = ?",
                        upload.jobId());
        assertThat(job)
                .as("%s", job.get("last_error"))
                .containsEntry("attempts", 1)
                .containsEntry("last_error_code", expectedCode);
        assertThat(
                        testbed.jdbc.queryForMap(
                                "SELECT playable_state, failure_code FROM rend.assets WHERE id = ?",
                                upload.assetId()))
                .containsEntry("playable_state", "failed")
                .containsEntry("failure_code", expectedCode);
        assertThat(testbed.events(upload.assetId(), AssetEventType.MEDIA_JOB_RETRY_SCHEDULED))
                .isZero();
        assertThat(testbed.events(upload.assetId(), AssetEventType.ASSET_FAILED)).isEqualTo(1);
        assertThat(testbed.events(upload.assetId(), AssetEventType.ASSET_OPENER_READY)).isZero();
        assertThat(testbed.store.list("videos/" + upload.assetId() + "/").collectList().block())
                .isEmpty();
        assertThat(trap.connections()).as("connections to the listener").isEmpty();
        assertThat(canaries.touched()).as("canaries read").isEmpty();
    }

    private static Arguments crafted(
            String name, String contentType, String expectedCode, Supplier<byte[]> body) {
        return Arguments.of(name, contentType, expectedCode, body);
    }
}
