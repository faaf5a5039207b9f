package so.rend.worker.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class CodecStringsTest {

    @Test
    void readsProfileConstraintsAndLevelFromTheAvcCBox() {
        ByteArrayOutputStream mp4 = new ByteArrayOutputStream();
        mp4.writeBytes(new byte[] {0, 0, 0, 40, 'a', 'v', 'c', '1'});
        mp4.writeBytes(
                new byte[] {0, 0, 0, 20, 'a', 'v', 'c', 'C', 1, 0x64, 0x00, 0x1f, (byte) 0xff});
        assertThat(CodecStrings.avc1FromInitSegment(mp4.toByteArray())).isEqualTo("avc1.64001f");
    }

    @Test
    void refusesAFileWithoutH264() {
        assertThatThrownBy(() -> CodecStrings.avc1FromInitSegment(new byte[] {'m', 'o', 'o', 'v'}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
