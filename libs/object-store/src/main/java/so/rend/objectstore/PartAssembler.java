package so.rend.objectstore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stream of buffers of any size into multipart-upload parts of exactly {@code partBytes}
 * (the last one may be smaller). A full part is held back until the next byte arrives, so the part
 * that ends the stream is always flagged {@code last} and is never empty unless the stream was. Not
 * thread-safe: one stream at a time, as Reactor delivers it.
 */
final class PartAssembler {

    /** A part ready to send; {@code bytes} is positioned at 0 with the part's length as limit. */
    record Part(int number, ByteBuffer bytes, boolean last) {

        int length() {
            return bytes.remaining();
        }
    }

    private final int partBytes;
    private final long maxBytes;
    private ByteBuffer current;
    private int partNumber;
    private long totalBytes;

    PartAssembler(int partBytes, long maxBytes) {
        this.partBytes = partBytes;
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
            if (current == null) {
                current = ByteBuffer.allocate(partBytes);
            } else if (!current.hasRemaining()) {
                if (completed.isEmpty()) {
                    completed = new ArrayList<>(2);
                }
                completed.add(seal(false));
                current = ByteBuffer.allocate(partBytes);
            }
            int n = Math.min(current.remaining(), source.remaining());
            ByteBuffer slice = source.slice();
            slice.limit(n);
            current.put(slice);
            source.position(source.position() + n);
        }
        return completed;
    }

    /** Ends the stream: the final part, empty only when no byte ever arrived. */
    Part finish() {
        if (current == null) {
            current = ByteBuffer.allocate(0);
        }
        return seal(true);
    }

    long totalBytes() {
        return totalBytes;
    }

    private Part seal(boolean last) {
        ByteBuffer bytes = current.flip();
        current = null;
        return new Part(++partNumber, bytes, last);
    }
}
