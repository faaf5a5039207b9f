package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VideoSnifferTest {

    @ParameterizedTest
    @ValueSource(strings = {"ftyp", "moov", "mdat", "free", "wide"})
    void acceptsIsoBaseMediaFilesByTheirFirstBox(String box) {
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                bytes(new byte[] {0, 0, 0, 0x20}, ascii(box), ascii("isom0000"))))
                .isTrue();
    }

    @Test
    void acceptsTheOtherContainersFfmpegReads() {
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                bytes(
                                        new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3},
                                        new byte[12])))
                .isTrue();
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                bytes(ascii("RIFF"), new byte[4], ascii("AVI LIST"))))
                .isTrue();
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                bytes(new byte[] {0, 0, 1, (byte) 0xBA}, new byte[12])))
                .isTrue();
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                bytes(ascii("FLV"), new byte[] {1, 5}, new byte[12])))
                .isTrue();
        assertThat(VideoSniffer.looksLikeVideo(bytes(ascii("OggS"), new byte[12]))).isTrue();
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                bytes(
                                        new byte[] {
                                            0x30,
                                            0x26,
                                            (byte) 0xB2,
                                            0x75,
                                            (byte) 0x8E,
                                            0x66,
                                            (byte) 0xCF,
                                            0x11
                                        },
                                        new byte[8])))
                .isTrue();
        assertThat(VideoSniffer.looksLikeVideo(bytes(ascii("YUV4MPEG2 W320 H240")))).isTrue();
    }

    @Test
    void acceptsMpegTransportStreamsBySyncBytesEveryPacket() {
        byte[] ts = new byte[188 * 3];
        ts[0] = 0x47;
        ts[188] = 0x47;
        ts[376] = 0x47;
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(ts))).isTrue();
        ts[188] = 0x00;
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(ts))).isFalse();
    }

    @Test
    void refusesWhatIsPlainlyNotAVideo() {
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                ByteBuffer.wrap(ascii("{\"json\": true, \"video\": false}"))))
                .isFalse();
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(ascii("<!doctype html><html>"))))
                .isFalse();
        assertThat(
                        VideoSniffer.looksLikeVideo(
                                bytes(
                                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10},
                                        new byte[8])))
                .isFalse();
        assertThat(VideoSniffer.looksLikeVideo(bytes(ascii("PK"), new byte[] {3, 4}, new byte[12])))
                .isFalse();
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(new byte[64]))).isFalse();
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(ascii("ftyp")))).isFalse();
    }

    /**
     * The first 4 KiB of files the bundled ffmpeg 7.1.1 wrote from {@code testsrc2} and {@code
     * sine} (libx264 + AAC in MP4, MOV, 3GP (H.263), Matroska, MPEG-TS, M2TS and FLV; VP8 + Opus in
     * WebM; MPEG-4 Part 2 in AVI; MPEG-2 in a VOB program stream and as an elementary stream; WMV2
     * in ASF; raw frames in Y4M), each of which the worker's ffprobe opens with its allow-list.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "mp4-faststart.mp4",
                "mp4-plain.mp4",
                "quicktime.mov",
                "3gp.3gp",
                "matroska.mkv",
                "webm.webm",
                "avi.avi",
                "transport.ts",
                "transport.m2ts",
                "flash.flv",
                "program.mpg",
                "es.m2v",
                "asf.wmv",
                "y4m.y4m"
            })
    void acceptsTheFirstBytesOfRealVideoFiles(String file) throws IOException {
        byte[] head;
        try (InputStream in = VideoSnifferTest.class.getResourceAsStream("real-heads/" + file)) {
            head = in.readAllBytes();
        }
        assertThat(head).hasSize(4096);
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(head))).isTrue();
        // A short upload is its own head.
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(head, 0, 600))).isTrue();
    }

    /**
     * The bodies of the worker's {@code CraftedUploadsIT}: manifests, playlists and scripts that
     * make ffmpeg open other files or URLs, some behind a container's first bytes.
     */
    static Stream<Arguments> manifestsAndPlaylists() {
        String trap = "http://127.0.0.1:9/";
        return Stream.of(
                Arguments.of("DASH after an XML comment", mpd("<!-- a video -->")),
                Arguments.of(
                        "DASH after a comment starting like an ftyp box", mpd("<!--ftypisom-->")),
                Arguments.of("DASH after a comment starting like an mdat box", mpd("<!--mdat-->")),
                Arguments.of("DASH after an XML declaration", mpd("<?xml version=\"1.0\"?>")),
                Arguments.of(
                        "DASH after a UTF-8 byte order mark",
                        bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, mpd("")).array()),
                Arguments.of("DASH behind a free box", bytes(box("free", 8), mpd("")).array()),
                Arguments.of("HLS media playlist", playlist(trap + "segment0.ts")),
                Arguments.of(
                        "HLS with data: and file: URIs",
                        playlist(
                                "data:video/mp2t;base64,"
                                        + Base64.getEncoder().encodeToString(tsPackets(2)),
                                "file:///tmp/canary.ts")),
                Arguments.of(
                        "HLS with an image-sequence pattern", playlist("file:///tmp/img%03d.jpg")),
                Arguments.of(
                        "HLS master playlist",
                        ascii("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n" + trap + "v.m3u8\n")),
                Arguments.of(
                        "HLS behind MPEG-TS packets",
                        bytes(tsPackets(4), playlist(trap + "a.ts")).array()),
                Arguments.of(
                        "HLS after an ftyp box", bytes(ftyp(), playlist(trap + "b.ts")).array()),
                Arguments.of(
                        "SMIL after an ftyp box",
                        bytes(
                                        ftyp(),
                                        ascii(
                                                "<smil><body><video src=\""
                                                        + trap
                                                        + "s.mp4\"/></body></smil>\n"))
                                .array()),
                Arguments.of(
                        "ffconcat script",
                        ascii(
                                "ffconcat version 1.0\nfile '"
                                        + trap
                                        + "c.mp4'\nfile '/tmp/canary.mp4'\n")),
                Arguments.of(
                        "ffconcat with an image-sequence pattern",
                        ascii("ffconcat version 1.0\nfile 'source'\nfile 'img%03d.jpg'\n")),
                Arguments.of(
                        "SDP",
                        ascii(
                                "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=rend\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 9 RTP/AVP 96\r\n")),
                Arguments.of("text with a G every 188 bytes", textWithTsSync()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestsAndPlaylists")
    void refusesManifestsPlaylistsAndScriptsEvenBehindAContainersFirstBytes(
            String name, byte[] body) {
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(body))).isFalse();
    }

    /**
     * A well-formed transport stream is one the worker opens (as {@code mpegts}, which never
     * follows a reference) whatever its packets carry; the worker then finds no video in it.
     */
    @Test
    void acceptsAWellFormedTransportStreamWhateverItsPayload() {
        byte[] payload = playlist("http://127.0.0.1:9/in-ts.ts");
        byte[] packet = tsPackets(1);
        packet[1] = 0x41;
        packet[2] = 0x00;
        System.arraycopy(payload, 0, packet, 4, Math.min(184, payload.length));
        assertThat(VideoSniffer.looksLikeVideo(bytes(tsPackets(3), packet, tsPackets(3)))).isTrue();
    }

    @Test
    void aTransportStreamNeedsSeveralPacketsAllInSync() {
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(tsPackets(2)))).isFalse();
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(tsPackets(3)))).isTrue();
        byte[] late = tsPackets(16);
        late[188 * 15] = 0x00;
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(late))).isFalse();
        byte[] m2ts = new byte[192 * 4];
        for (int i = 0; i < 4; i++) {
            m2ts[192 * i + 4] = 0x47;
        }
        assertThat(VideoSniffer.looksLikeVideo(ByteBuffer.wrap(m2ts))).isTrue();
    }

    @Test
    void anFtypBoxHasTheSizeOfABrandList() {
        assertThat(VideoSniffer.looksLikeVideo(bytes(box("ftyp", 0x7FFFFFFF), ascii("isom0000"))))
                .isFalse();
        assertThat(VideoSniffer.looksLikeVideo(bytes(box("ftyp", 17), ascii("isom0000"))))
                .isFalse();
    }

    @Test
    void doesNotConsumeTheBufferItLooksAt() {
        ByteBuffer head = bytes(new byte[] {0, 0, 0, 0x20}, ascii("ftypisom0000"));
        VideoSniffer.looksLikeVideo(head);
        assertThat(head.position()).isZero();
    }

    private static byte[] mpd(String prologue) {
        return ascii(
                prologue
                        + "\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\""
                        + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\">"
                        + "<BaseURL>http://127.0.0.1:9/dash/</BaseURL><Period><AdaptationSet>"
                        + "<Representation id=\"1\" bandwidth=\"1\"><BaseURL>x.mp4</BaseURL>"
                        + "</Representation></AdaptationSet></Period></MPD>\n");
    }

    private static byte[] playlist(String... uris) {
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
        for (String uri : uris) {
            text.append("#EXTINF:2.0,\n").append(uri).append('\n');
        }
        return ascii(text.append("#EXT-X-ENDLIST\n").toString());
    }

    /** MPEG-TS null packets. */
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

    private static byte[] textWithTsSync() {
        byte[] text = new byte[188 * 5];
        Arrays.fill(text, (byte) 'a');
        for (int i = 0; i < 5; i++) {
            text[188 * i] = 'G';
        }
        return text;
    }

    private static byte[] ftyp() {
        return bytes(box("ftyp", 24), ascii("isom"), new byte[] {0, 0, 2, 0}, ascii("isomiso2"))
                .array();
    }

    private static byte[] box(String type, int size) {
        return bytes(
                        new byte[] {
                            (byte) (size >>> 24),
                            (byte) (size >>> 16),
                            (byte) (size >>> 8),
                            (byte) size
                        },
                        ascii(type))
                .array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteBuffer bytes(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return ByteBuffer.wrap(all);
    }
}
