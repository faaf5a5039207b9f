package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    @Test
    void doesNotConsumeTheBufferItLooksAt() {
        ByteBuffer head = bytes(new byte[] {0, 0, 0, 0x20}, ascii("ftypisom0000"));
        VideoSniffer.looksLikeVideo(head);
        assertThat(head.position()).isZero();
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
