package so.rend.api.uploads;

import java.nio.ByteBuffer;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * The one part of a tus upload held in memory: filled from the staged chunks, then from the PATCH
 * body, until it is a whole part. Bytes before {@code saved} are already durable (staged); the rest
 * arrived in this PATCH.
 */
final class PartBuffer {

    private final byte[] bytes;
    private int capacity;
    private int length;
    private int saved;

    PartBuffer(int maxPartBytes, int capacity) {
        this.bytes = new byte[Math.min(maxPartBytes, capacity)];
        this.capacity = Math.min(bytes.length, capacity);
    }

    /** Appends a staged chunk, already durable. */
    void loadStaged(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (n > capacity - length) {
            throw new IllegalStateException("staged bytes exceed the part being filled");
        }
        chunk.get(bytes, length, n);
        length += n;
        saved = length;
    }

    /** Takes as much of {@code source} as fits; how many bytes it took. */
    int take(DataBuffer source) {
        int n = Math.min(source.readableByteCount(), capacity - length);
        source.read(bytes, length, n);
        length += n;
        return n;
    }

    boolean full() {
        return length == capacity;
    }

    int length() {
        return length;
    }

    int unsaved() {
        return length - saved;
    }

    /** The whole part, for S3. */
    ByteBuffer whole() {
        return ByteBuffer.wrap(bytes, 0, length).slice();
    }

    /** The bytes that arrived in this PATCH and are not durable yet. */
    ByteBuffer unsavedBytes() {
        return ByteBuffer.wrap(bytes, saved, length - saved).slice();
    }

    void markSaved() {
        saved = length;
    }

    /** Empties the buffer for the next part, of at most {@code nextCapacity} bytes. */
    void next(long nextCapacity) {
        capacity = (int) Math.min(bytes.length, nextCapacity);
        length = 0;
        saved = 0;
    }
}
