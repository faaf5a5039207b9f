package so.rend.worker.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builders for crafted uploads: DASH manifests, HLS playlists, MPEG-TS packets and ISO boxes, to be
 * combined into sources that try to make ffmpeg open something else.
 */
final class CraftedSources {

    static final String HLS_TYPE = "application/vnd.apple.mpegurl";

    private CraftedSources() {}

    /**
     * A static MPD after {@code prologue} with one representation at {@code base} + {@code file}.
     */
    static byte[] mpd(String prologue, String base, String file) {
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
    static byte[] playlist(String... uris) {
        StringBuilder text =
                new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n");
        for (String uri : uris) {
            text.append("#EXTINF:2.0,\n").append(uri).append('\n');
        }
        return ascii(text.append("#EXT-X-ENDLIST\n").toString());
    }

    /** A master playlist with one variant per URI. */
    static byte[] masterPlaylist(String... variants) {
        StringBuilder text = new StringBuilder("#EXTM3U\n");
        for (String uri : variants) {
            text.append("#EXT-X-STREAM-INF:BANDWIDTH=800000\n").append(uri).append('\n');
        }
        return ascii(text.toString());
    }

    /** An ffconcat script naming {@code files}. */
    static byte[] ffconcat(String... files) {
        StringBuilder text = new StringBuilder("ffconcat version 1.0\n");
        for (String file : files) {
            text.append("file '").append(file).append("'\n");
        }
        return ascii(text.toString());
    }

    /** An SDP description of an H.264 RTP stream sent to {@code port} on loopback. */
    static byte[] sdp(int port) {
        return ascii(
                "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=rend\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=video "
                        + port
                        + " RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
    }

    /** {@code count} MPEG-TS null packets: real 188-byte packets with their sync bytes. */
    static byte[] tsPackets(int count) {
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
    static byte[] tsCarrying(byte[] payload) {
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

    /** An ftyp box as an MP4 starts with. */
    static byte[] ftyp() {
        return concat(box("ftyp", 24), ascii("isom"), new byte[] {0, 0, 2, 0}, ascii("isomiso2"));
    }

    /** A box header of {@code size} bytes (its body is up to the caller). */
    static byte[] box(String type, int size) {
        return concat(
                new byte[] {
                    (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size
                },
                ascii(type));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
