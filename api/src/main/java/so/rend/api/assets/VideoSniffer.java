package so.rend.api.assets;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cheap look at the first bytes of an upload that turns away what is plainly not a video (text,
 * images, archives) before it is stored. It accepts the container families the worker opens —
 * MP4/MOV, Matroska/WebM, AVI, MPEG-PS and MPEG video, FLV, Ogg, ASF, Y4M, MPEG-TS, the worker's
 * {@code SourceFormats} — and only when their first bytes have the structure of one, so a text body
 * (a DASH manifest, an HLS playlist, an ffconcat script, SDP, SMIL, XML) is refused here even when
 * it starts with the right magic. Whether the content really decodes is the worker's ffprobe's
 * call; the worker also refuses, on its own, every container off its allow-list.
 */
public final class VideoSniffer {

    private static final int MIN_BYTES = 12;

    /** How much of the head the text test reads: a binary container has control bytes early. */
    private static final int TEXT_WINDOW = 1024;

    private static final int TS_PACKET = 188;
    private static final int M2TS_PACKET = 192;

    /** A transport stream shows at least this many packets, each starting with its sync byte. */
    private static final int TS_MIN_PACKETS = 3;

    /** How many leading packets must all be in sync. */
    private static final int TS_CHECKED_PACKETS = 16;

    /** An ftyp box is a major brand, a version and a few compatible brands: never this large. */
    private static final int FTYP_MAX_BYTES = 4096;

    private static final String[] MOVIE_FIRST_BOXES = {
        "ftyp", "moov", "mdat", "free", "wide", "skip", "pnot"
    };

    private VideoSniffer() {}

    /**
     * Whether {@code head} (the first bytes of the body; not consumed) starts like a video
     * container.
     */
    public static boolean looksLikeVideo(ByteBuffer head) {
        ByteBuffer b = head.duplicate().order(ByteOrder.BIG_ENDIAN);
        int n = b.remaining();
        if (n < MIN_BYTES) {
            return false;
        }
        int p = b.position();
        if (ascii(b, p, 0, "YUV4MPEG2 ")) {
            // Y4M: a text header line, then raw frames.
            return true;
        }
        if (isoBaseMedia(b, p, n)) {
            // What follows a small first box (ftyp) is binary too: more boxes, not a playlist.
            int skip = firstBoxBytes(b, p, n);
            return !isText(b, p + skip, n - skip);
        }
        if (isText(b, p, n)) {
            return false;
        }
        return startsWith(b, p, 0x1A, 0x45, 0xDF, 0xA3) // Matroska, WebM
                || (ascii(b, p, 0, "RIFF") && ascii(b, p, 8, "AVI "))
                || startsWith(b, p, 0x00, 0x00, 0x01, 0xBA) // MPEG program stream
                || startsWith(b, p, 0x00, 0x00, 0x01, 0xB3) // MPEG-1/2 video sequence header
                || (ascii(b, p, 0, "FLV") && (b.get(p + 3) & 0xFF) == 0x01)
                || ascii(b, p, 0, "OggS")
                || startsWith(b, p, 0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11) // ASF, WMV
                || transportStream(b, p, n);
    }

    /**
     * Whether the first bytes (up to {@link #TEXT_WINDOW} of {@code length}) are text: no control
     * bytes but tab, line breaks, form feed and escape. Every binary container has some (a NUL in a
     * size field, a packet header) within its first bytes; nothing at all is not text.
     */
    private static boolean isText(ByteBuffer b, int from, int length) {
        if (length <= 0) {
            return false;
        }
        for (int i = 0; i < Math.min(length, TEXT_WINDOW); i++) {
            int c = b.get(from + i) & 0xFF;
            boolean textual = (c >= 0x20 && c != 0x7F) || (c >= 0x09 && c <= 0x0D) || c == 0x1B;
            if (!textual) {
                return false;
            }
        }
        return true;
    }

    /**
     * MP4, MOV, M4V, 3GP: a box whose type is one a movie file starts with, with a valid size (an
     * ftyp box only as large as a brand list is).
     */
    private static boolean isoBaseMedia(ByteBuffer b, int p, int n) {
        String first = null;
        for (String box : MOVIE_FIRST_BOXES) {
            if (ascii(b, p, 4, box)) {
                first = box;
            }
        }
        if (first == null) {
            return false;
        }
        long size = b.getInt(p) & 0xFFFFFFFFL;
        if (first.equals("ftyp")) {
            return size >= 16 && size <= FTYP_MAX_BYTES && (size - 16) % 4 == 0;
        }
        if (size == 1) {
            // A 64-bit size follows the type.
            return n < 16 || b.getLong(p + 8) >= 16;
        }
        return size == 0 || size >= 8;
    }

    /** The first box's length when it is small and the head holds more after it, else 0. */
    private static int firstBoxBytes(ByteBuffer b, int p, int n) {
        long size = b.getInt(p) & 0xFFFFFFFFL;
        return size >= 8 && size <= FTYP_MAX_BYTES && size < n ? (int) size : 0;
    }

    /** MPEG-TS: a sync byte at the start of every 188-byte packet (192 with the M2TS time code). */
    private static boolean transportStream(ByteBuffer b, int p, int n) {
        return packetsInSync(b, p, n, 0, TS_PACKET) || packetsInSync(b, p, n, 4, M2TS_PACKET);
    }

    private static boolean packetsInSync(ByteBuffer b, int p, int n, int first, int size) {
        int packets = n > first ? (n - first - 1) / size + 1 : 0;
        if (packets < TS_MIN_PACKETS) {
            return false;
        }
        for (int i = 0; i < Math.min(packets, TS_CHECKED_PACKETS); i++) {
            if ((b.get(p + first + i * size) & 0xFF) != 0x47) {
                return false;
            }
        }
        return true;
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
        if (offset + expected.length > b.limit() - p) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b.get(p + offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
