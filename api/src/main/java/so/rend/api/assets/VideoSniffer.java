package so.rend.api.assets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A cheap look at the first bytes of an upload that turns away what is plainly not a video (text,
 * images, archives) before it is stored. It accepts the containers ffmpeg reads in practice;
 * whether the content really decodes is the worker's ffprobe's call.
 */
public final class VideoSniffer {

    private static final int MIN_BYTES = 12;
    private static final int TS_PACKET = 188;
    private static final int M2TS_PACKET = 192;

    private VideoSniffer() {}

    /**
     * Whether {@code head} (the first bytes of the body; not consumed) starts like a video
     * container.
     */
    public static boolean looksLikeVideo(ByteBuffer head) {
        ByteBuffer b = head.duplicate();
        int n = b.remaining();
        if (n < MIN_BYTES) {
            return false;
        }
        int p = b.position();
        return isoBaseMedia(b, p)
                || startsWith(b, p, 0x1A, 0x45, 0xDF, 0xA3) // Matroska, WebM
                || (ascii(b, p, 0, "RIFF") && ascii(b, p, 8, "AVI "))
                || startsWith(b, p, 0x00, 0x00, 0x01, 0xBA) // MPEG program stream
                || startsWith(b, p, 0x00, 0x00, 0x01, 0xB3) // MPEG-1/2 video sequence header
                || (ascii(b, p, 0, "FLV") && (b.get(p + 3) & 0xFF) == 0x01)
                || ascii(b, p, 0, "OggS")
                || startsWith(b, p, 0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11) // ASF, WMV
                || ascii(b, p, 0, "YUV4MPEG2")
                || transportStream(b, p, n);
    }

    /** MP4, MOV, M4V, 3GP: a box whose type is one a movie file starts with. */
    private static boolean isoBaseMedia(ByteBuffer b, int p) {
        for (String box : new String[] {"ftyp", "moov", "mdat", "free", "wide", "skip", "pnot"}) {
            if (ascii(b, p, 4, box)) {
                return true;
            }
        }
        return false;
    }

    /** MPEG-TS: sync bytes every 188 bytes (or 192 with the M2TS time code). */
    private static boolean transportStream(ByteBuffer b, int p, int n) {
        if ((b.get(p) & 0xFF) == 0x47) {
            return n <= TS_PACKET || (b.get(p + TS_PACKET) & 0xFF) == 0x47;
        }
        return (b.get(p + 4) & 0xFF) == 0x47
                && (n <= M2TS_PACKET + 4 || (b.get(p + 4 + M2TS_PACKET) & 0xFF) == 0x47);
    }

    private static boolean startsWith(ByteBuffer b, int p, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((b.get(p + i) & 0xFF) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(ByteBuffer b, int p, int offset, String s) {
        byte[] expected = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < expected.length; i++) {
            if (b.get(p + offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
