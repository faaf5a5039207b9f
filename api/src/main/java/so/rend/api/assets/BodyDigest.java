package so.rend.api.assets;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;

/** The SHA-256 and length of a body as it streams past, without holding it. */
public final class BodyDigest {

    private final MessageDigest sha256;
    private long length;

    BodyDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** A body's length and SHA-256. */
    public record Facts(long length, byte[] sha256) {}

    /**
     * Reads a body to its end, releasing it as it goes; past {@code max} bytes, {@code tooLarge}.
     */
    static Mono<Facts> drain(Flux<DataBuffer> body, long max, Supplier<ApiError> tooLarge) {
        return Mono.defer(
                () -> {
                    BodyDigest digest = new BodyDigest();
                    return body.doOnNext(
                                    buffer -> {
                                        try {
                                            digest.update(buffer);
                                        } finally {
                                            DataBufferUtils.release(buffer);
                                        }
                                        if (digest.length() > max) {
                                            throw tooLarge.get();
                                        }
                                    })
                            .then(
                                    Mono.fromSupplier(
                                            () -> new Facts(digest.length(), digest.sha256())));
                });
    }

    /** Reads the buffer's readable bytes without moving its read position. */
    void update(DataBuffer buffer) {
        try (DataBuffer.ByteBufferIterator parts = buffer.readableByteBuffers()) {
            while (parts.hasNext()) {
                ByteBuffer part = parts.next();
                length += part.remaining();
                sha256.update(part);
            }
        }
    }

    long length() {
        return length;
    }

    byte[] sha256() {
        return sha256.digest();
    }
}
