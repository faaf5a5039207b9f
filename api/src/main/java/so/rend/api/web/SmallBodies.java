package so.rend.api.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiErrorCode;

/** Small JSON request bodies, read whole within a bound. */
public final class SmallBodies {

    private SmallBodies() {}

    /** The body's bytes (empty for none); {@code 400 invalid_json} past {@code maxBytes}. */
    public static Mono<byte[]> read(Flux<DataBuffer> body, int maxBytes) {
        return DataBufferUtils.join(body, maxBytes)
                .map(
                        joined -> {
                            byte[] bytes = new byte[joined.readableByteCount()];
                            joined.read(bytes);
                            DataBufferUtils.release(joined);
                            return bytes;
                        })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(
                        DataBufferLimitException.class,
                        e ->
                                ApiErrorCode.INVALID_JSON.error(
                                        "the body is at most " + maxBytes + " bytes"));
    }
}
