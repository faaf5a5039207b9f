package so.rend.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartAssemblerTest {

    private static final int PART = 8;

    @Test
    void cutsAStreamOfOddSizedBuffersIntoExactPartsWithTheRemainderLast() {
        PartAssembler assembler = new PartAssembler(PART, 1_000);
        List<PartAssembler.Part> parts = new ArrayList<>();
        byte next = 0;
        for (int size : new int[] {3, 7, 1, 12, 2}) {
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = next++;
            }
            parts.addAll(assembler.append(ByteBuffer.wrap(chunk)));
        }
        parts.add(assembler.finish());

        assertThat(parts).extracting(PartAssembler.Part::length).containsExactly(8, 8, 8, 1);
        assertThat(parts).extracting(PartAssembler.Part::number).containsExactly(1, 2, 3, 4);
        assertThat(parts)
                .extracting(PartAssembler.Part::last)
                .containsExactly(false, false, false, true);
        byte expected = 0;
        for (PartAssembler.Part part : parts) {
            for (ByteBuffer bytes : part.views()) {
                while (bytes.hasRemaining()) {
                    assertThat(bytes.get()).isEqualTo(expected++);
                }
            }
        }
        assertThat(assembler.totalBytes()).isEqualTo(25);
    }

    @Test
    void growsAPartBlockByBlockAsBytesArriveAndNeverAcrossAPartBoundary() {
        PartAssembler assembler = new PartAssembler(PART, 3, 1_000);

        assembler.append(ByteBuffer.wrap(new byte[1]));
        assertThat(assembler.heldBytes()).isEqualTo(3);
        assembler.append(ByteBuffer.wrap(new byte[3]));
        assertThat(assembler.heldBytes()).isEqualTo(6);
        List<PartAssembler.Part> completed = assembler.append(ByteBuffer.wrap(new byte[5]));

        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).blocks())
                .extracting(ByteBuffer::remaining)
                .containsExactly(3, 3, 2);
        assertThat(completed.get(0).head().remaining()).isEqualTo(3);
        assertThat(assembler.heldBytes()).isEqualTo(3);
        assertThat(assembler.finish().length()).isEqualTo(1);
    }

    @Test
    void aStalledBodyOfAFewBytesHoldsOneBlockNotAPart() {
        PartAssembler assembler = new PartAssembler(8 * 1024 * 1024, 100_000_000);

        assembler.append(ByteBuffer.wrap(new byte[112]));

        assertThat(assembler.heldBytes()).isEqualTo(PartAssembler.BLOCK_BYTES);
    }

    @Test
    void holdsBackAFullPartSoABodyOfExactlyOnePartEndsAsASingleLastPart() {
        PartAssembler assembler = new PartAssembler(PART, 1_000);

        assertThat(assembler.append(ByteBuffer.wrap(new byte[PART]))).isEmpty();
        PartAssembler.Part last = assembler.finish();

        assertThat(last.length()).isEqualTo(PART);
        assertThat(last.last()).isTrue();
        assertThat(last.number()).isEqualTo(1);
    }

    @Test
    void anEmptyStreamEndsWithOneEmptyLastPart() {
        PartAssembler.Part last = new PartAssembler(PART, 1_000).finish();

        assertThat(last.length()).isZero();
        assertThat(last.head().remaining()).isZero();
        assertThat(last.last()).isTrue();
    }

    @Test
    void refusesToGoPastTheByteLimit() {
        PartAssembler assembler = new PartAssembler(PART, 10);
        assembler.append(ByteBuffer.wrap(new byte[10]));

        assertThatThrownBy(() -> assembler.append(ByteBuffer.wrap(new byte[1])))
                .isInstanceOf(ObjectTooLargeException.class);
    }
}
