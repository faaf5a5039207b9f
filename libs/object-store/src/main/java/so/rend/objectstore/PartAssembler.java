package so.rend.objectstore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stream of buffers of any size into multipart-upload parts of exactly {@code partBytes}
 * (the last one may be smaller). A full part is held back until the next byte arrives, so the part
 * that ends the stream is always flagged {@code last} and is never empty unless the stream was. Not
 * thread-safe: one stream at a time, as Reactor delivers it.
 *
 * <p>A part grows as its bytes arrive, in blocks of {@code blockBytes} allocated one at a time, so
 * a body that stalls holds what it sent rounded up to one block, never a whole part reserved on its
 * first byte. Fixed blocks rather than one copy per network buffer: a client that sends a byte per
 * packet cannot make the bookkeeping outweigh the bytes. Blocks stay under the garbage collector's
 * humongous-object size, which whole-part arrays never did.
 */
final class PartAssembler {

    /**
     * The block size of streaming puts: a stalled upload holds at most this much per started part.
     */
    static final int BLOCK_BYTES = 64 * 1024;

    /**
     * A part ready to send: its blocks, each positioned at 0 with its filled length as limit, all
     * full but the last.
     */
    record Part(int number, List<ByteBuffer> blocks, boolean last) {

        Part {
            blocks = List.copyOf(blocks);
        }

        int length() {
            int length = 0;
            for (ByteBuffer block : blocks) {
                length += block.remaining();
            }
            return length;
        }

        /** Read-only views of the blocks, for one request body. */
        ByteBuffer[] views() {
            return blocks.stream().map(ByteBuffer::asReadOnlyBuffer).toArray(ByteBuffer[]::new);
        }

        /** The part's first block read-only: its first bytes, or all of it when smaller. */
        ByteBuffer head() {
            return blocks.isEmpty() ? ByteBuffer.allocate(0) : blocks.get(0).asReadOnlyBuffer();
        }
    }

    private final int partBytes;
    private final int blockBytes;
    private final long maxBytes;
    private final List<ByteBuffer> blocks = new ArrayList<>();
    private int partFilled;
    private int partNumber;
    private long totalBytes;

    PartAssembler(int partBytes, long maxBytes) {
        this(partBytes, BLOCK_BYTES, maxBytes);
    }

    PartAssembler(int partBytes, int blockBytes, long maxBytes) {
        if (blockBytes <= 0 || partBytes <= 0) {
            throw new IllegalArgumentException("part and block sizes must be positive");
        }
        this.partBytes = partBytes;
        this.blockBytes = blockBytes;
        this.maxBytes = maxBytes;
    }

    /** Copies {@code source} in; returns the parts it completed (usually none). */
    List<Part> append(ByteBuffer source) {
        totalBytes += source.remaining();
        if (totalBytes > maxBytes) {
            throw new ObjectTooLargeException(maxBytes);
        }
        List<Part> completed = List.of();
        while (source.hasRemaining()) {
            if (partFilled == partBytes) {
                if (completed.isEmpty()) {
                    completed = new ArrayList<>(2);
                }
                completed.add(seal(false));
            }
            ByteBuffer block = blockWithRoom();
            int n = Math.min(block.remaining(), source.remaining());
            ByteBuffer slice = source.slice();
            slice.limit(n);
            block.put(slice);
            source.position(source.position() + n);
            partFilled += n;
        }
        return completed;
    }

    /** Ends the stream: the final part, empty only when no byte ever arrived. */
    Part finish() {
        return seal(true);
    }

    long totalBytes() {
        return totalBytes;
    }

    /** Bytes allocated for the part being filled: what arrived, rounded up to a block. */
    long heldBytes() {
        long held = 0;
        for (ByteBuffer block : blocks) {
            held += block.capacity();
        }
        return held;
    }

    /** The current block, or a new one; a block never crosses a part boundary. */
    private ByteBuffer blockWithRoom() {
        ByteBuffer last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (last != null && last.hasRemaining()) {
            return last;
        }
        ByteBuffer block = ByteBuffer.allocate(Math.min(blockBytes, partBytes - partFilled));
        blocks.add(block);
        return block;
    }

    private Part seal(boolean last) {
        List<ByteBuffer> sealed = new ArrayList<>(blocks.size());
        for (ByteBuffer block : blocks) {
            sealed.add(block.flip());
        }
        blocks.clear();
        partFilled = 0;
        return new Part(++partNumber, sealed, last);
    }
}
