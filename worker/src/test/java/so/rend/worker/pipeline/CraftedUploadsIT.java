package so.rend.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
    private static final String HLS_TYPE = "application/vnd.apple.mpegurl";

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
                                ascii(
                                        "#EXTM3U\n"
                                                + "#EXT-X-STREAM-INF:BANDWIDTH=800000\n"
                                                + trap.url("/hls/variant.m3u8")
                                                + "\n#EXT-X-STREAM-INF:BANDWIDTH=400000\n"
                                                + "../"
                                                + victim
                                                + "/source\n")),
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
                        () ->
                                ascii(
                                        "ffconcat version 1.0\nfile '"
                                                + trap.url("/concat.mp4")
                                                + "'\nfile '"
                                                + canaries.dir()
                                                + "/canary.mp4'\n")),
                crafted(
                        "ffconcat script with a relative name and an image-sequence pattern",
                        "video/mp4",
                        UNSUPPORTED,
                        () -> ascii("ffconcat version 1.0\nfile 'source'\nfile 'img%03d.jpg'\n")),
                crafted(
                        "SDP description sending RTP to the listener's port",
                        "application/sdp",
                        UNSUPPORTED,
                        () ->
                                ascii(
                                        "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=rend\r\n"
                                                + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video "
                                                + trap.port()
                                                + " RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n")));
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

    /** A static MPD with one representation at {@code base} + {@code file}. */
    private static byte[] mpd(String prologue, String base, String file) {
        return ascii(
                prologue
                        + "\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\""
                        + " mediaPresentationDuration=\"PT2S\" minBufferTime=\"PT1S\""
                        + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\">\n"
                        + "<BaseURL>"
                        + base
                        + "</BaseURL>\n<Period><AdaptationSet mimeType=\"video/mp4\">"
                        + "<Representation id=\"1\" bandwidth=\"1000\" width=\"320\" height=\"240\""
                        + " codecs=\"avc1.42c01e\"><BaseURL>"
                        + file
                        + "</BaseURL><SegmentBase indexRange=\"0-10\"/></Representation>"
                        + "</AdaptationSet></Period></MPD>\n");
    }

    /** A VOD media playlist of 2 s segments at {@code uris}. */
    private static byte[] playlist(String... uris) {
        StringBuilder text =
                new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n");
        for (String uri : uris) {
            text.append("#EXTINF:2.0,\n").append(uri).append('\n');
        }
        return ascii(text.append("#EXT-X-ENDLIST\n").toString());
    }

    /** {@code count} MPEG-TS null packets: real 188-byte packets with their sync bytes. */
    private static byte[] tsPackets(int count) {
        byte[] packets = new byte[188 * count];
        Arrays.fill(packets, (byte) 0xFF);
        for (int i = 0; i < count; i++) {
            packets[188 * i] = 0x47;
            packets[188 * i + 1] = 0x1F;
            packets[188 * i + 2] = (byte) 0xFF;
            packets[188 * i + 3] = 0x10;
        }
        return packets;
    }

    /** MPEG-TS packets on PID 0x100 whose payload is {@code payload}, padded with newlines. */
    private static byte[] tsCarrying(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0, counter = 0; at < payload.length; at += 184, counter++) {
            byte[] packet = new byte[188];
            Arrays.fill(packet, (byte) '\n');
            packet[0] = 0x47;
            packet[1] = (byte) (at == 0 ? 0x41 : 0x01);
            packet[2] = 0x00;
            packet[3] = (byte) (0x10 | (counter & 0x0F));
            System.arraycopy(payload, at, packet, 4, Math.min(184, payload.length - at));
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    private static byte[] ftyp() {
        return concat(box("ftyp", 24), ascii("isom"), new byte[] {0, 0, 2, 0}, ascii("isomiso2"));
    }

    /** A box header of {@code size} bytes (its body is up to the caller). */
    private static byte[] box(String type, int size) {
        return concat(
                new byte[] {
                    (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size
                },
                ascii(type));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
