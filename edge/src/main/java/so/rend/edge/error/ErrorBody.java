package so.rend.edge.error;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link EdgeError} serialized as {@code {"error":{"code":…,"message":…}}}, held in one
 * read-only buffer that every response shares: a response gets a view of it and nothing is copied
 * or released.
 */
public final class ErrorBody {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Shape(Detail error) {}

    record Detail(String code, String message) {}

    private final EdgeError error;
    private final String message;
    private final ByteBuf shared;

    ErrorBody(EdgeError error, String message) {
        this.error = error;
        this.message = message;
        byte[] bytes = JSON.writeValueAsBytes(new Shape(new Detail(error.code(), message)));
        this.shared = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
    }

    public EdgeError error() {
        return error;
    }

    public String message() {
        return message;
    }

    public int status() {
        return error.status();
    }

    public int length() {
        return shared.readableBytes();
    }

    /**
     * The bytes for one Reactor Netty response: a view with its own indexes, so concurrent
     * responses do not disturb each other; releasing it is a no-op.
     */
    public ByteBuf byteBuf() {
        return shared.duplicate();
    }

    /** The bytes for one WebFlux response. */
    public DataBuffer dataBuffer(DataBufferFactory factory) {
        return factory.wrap(shared.nioBuffer());
    }

    @Override
    public String toString() {
        return error.status() + " " + error.code() + ": " + message;
    }
}
