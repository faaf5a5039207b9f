package so.rend.api.requests;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small JSON bodies of control routes (webhooks, API keys): {@code application/json} only, read
 * whole but never past a bound, so a large or endless body costs no memory.
 */
public final class JsonBodies {

    /** Far above any valid body of these routes. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final JsonMapper STRICT =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private JsonBodies() {}

    /** The body's bytes; empty when there is none and {@code optional}. */
    public static Mono<byte[]> read(ServerHttpRequest request, boolean optional) {
        long declared = request.getHeaders().getContentLength();
        if (declared == 0 && optional) {
            return Mono.empty();
        }
        if (!json(request)) {
            return Mono.error(
                    ApiErrorCode.UNSUPPORTED_CONTENT_TYPE.error("the body is application/json"));
        }
        if (declared > MAX_BYTES) {
            return Mono.error(tooLarge());
        }
        Mono<byte[]> body = join(request.getBody(), MAX_BYTES, JsonBodies::tooLarge);
        return optional ? body : body.switchIfEmpty(Mono.error(ApiErrorCode.EMPTY_BODY::error));
    }

    /** The bytes of {@code body}, or {@code tooLarge} once it passes {@code maxBytes}. */
    public static Mono<byte[]> join(
            Flux<DataBuffer> body, int maxBytes, Supplier<? extends RuntimeException> tooLarge) {
        return DataBufferUtils.join(body, maxBytes)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge.get())
                .map(
                        buffer -> {
                            try {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                return bytes;
                            } finally {
                                DataBufferUtils.release(buffer);
                            }
                        });
    }

    /**
     * {@code json} parsed as one JSON object (a repeated key refused); {@code invalid_json} for
     * anything else.
     */
    public static JsonNode object(byte[] json) {
        JsonNode body;
        try {
            body = STRICT.readTree(json);
        } catch (JacksonException e) {
            throw ApiErrorCode.INVALID_JSON.error("the body is not a JSON object");
        }
        if (body == null || !body.isObject()) {
            throw ApiErrorCode.INVALID_JSON.error("the body is not a JSON object");
        }
        return body;
    }

    /** Refuses a field of {@code body} not in {@code fields}: {@code invalid_parameter}. */
    public static void onlyFields(JsonNode body, Set<String> fields, String hint) {
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            if (!fields.contains(name)) {
                throw ApiError.invalidParameter(
                        name.length() > 64 ? name.substring(0, 64) : name,
                        "unknown field; " + hint);
            }
        }
    }

    private static boolean json(ServerHttpRequest request) {
        try {
            MediaType type = request.getHeaders().getContentType();
            return type != null
                    && type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    && !type.isWildcardType()
                    && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static RuntimeException tooLarge() {
        return ApiErrorCode.INVALID_JSON.error("the body is at most " + MAX_BYTES + " bytes");
    }
}
