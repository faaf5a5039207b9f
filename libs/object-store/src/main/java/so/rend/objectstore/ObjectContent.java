package so.rend.objectstore;

import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;

/**
 * An object being read: what the store said about it and its bytes. The body must be subscribed
 * exactly once (or cancelled) so the connection is returned.
 *
 * @param info the object's metadata; {@code byteSize} is the whole object's size
 * @param contentLength the number of bytes in {@code body} (smaller than the object for a range)
 * @param contentRange the {@code Content-Range} the store answered for a ranged get, else {@code
 *     null}
 */
public record ObjectContent(
        ObjectInfo info, long contentLength, String contentRange, Flux<ByteBuffer> body) {}
