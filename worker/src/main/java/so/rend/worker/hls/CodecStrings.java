package so.rend.worker.hls;

import java.util.HexFormat;

/** RFC 6381 codec strings read from the encoded bytes rather than assumed. */
public final class CodecStrings {

    /** AAC-LC, the only audio Rend encodes. */
    public static final String AAC_LC = "mp4a.40.2";

    private CodecStrings() {}

    /**
     * {@code avc1.PPCCLL} from the first {@code avcC} box of an fMP4 init segment (or any MP4):
     * profile, constraint flags and level exactly as the encoder wrote them.
     */
    public static String avc1FromInitSegment(byte[] mp4) {
        byte[] tag = {'a', 'v', 'c', 'C'};
        outer:
        for (int i = 0; i + tag.length + 4 <= mp4.length; i++) {
            for (int j = 0; j < tag.length; j++) {
                if (mp4[i + j] != tag[j]) {
                    continue outer;
                }
            }
            int at = i + tag.length;
            // configurationVersion(1) AVCProfileIndication profile_compatibility AVCLevelIndication
            if (mp4[at] != 1) {
                continue;
            }
            return "avc1."
                    + HexFormat.of().formatHex(new byte[] {mp4[at + 1], mp4[at + 2], mp4[at + 3]});
        }
        throw new IllegalArgumentException("no avcC box: not an H.264 MP4");
    }
}
