package so.rend.api.beacons;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/playback/beacons}: a player's QoE beacon, sent with {@code navigator.sendBeacon}
 * from any page. No API key (the page has none): the playback token of the view's URLs authorizes
 * it for its asset. CORS-open: a {@code text/plain} body (what {@code sendBeacon} sends for a
 * string) needs no preflight, and {@code application/json} gets one answered for any origin. The
 * order costs an abuser before it costs us: size and type, the client's budget, the JSON, the
 * token's signature, the token's budget; then 204 and the row queued ({@link BeaconWriter}).
 */
@RestController
public class BeaconController {

    public static final String PATH = "/v1/playback/beacons";
    static final int MAX_BYTES = 4096;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final BeaconTokens tokens;
    private final BeaconLimits limits;

    /** Null without an analytics store: beacons then answer {@code analytics_not_configured}. */
    private final BeaconWriter writer;

    private final Clock clock;

    BeaconController(BeaconTokens tokens, BeaconLimits limits, BeaconWriter writer, Clock clock) {
        this.tokens = tokens;
        this.limits = limits;
        this.writer = writer;
        this.clock = clock;
    }

    @CrossOrigin(
            origins = "*",
            methods = RequestMethod.POST,
            allowedHeaders = "content-type",
            maxAge = 86_400)
    @PostMapping(PATH)
    Mono<ResponseEntity<Void>> beacon(ServerHttpRequest request) {
        MediaType type = contentType(request);
        if (type == null
                || !(type.isCompatibleWith(MediaType.TEXT_PLAIN)
                        || type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            return Mono.error(
                    ApiErrorCode.UNSUPPORTED_CONTENT_TYPE.error(
                            "a beacon is text/plain or application/json"));
        }
        if (writer == null) {
            return Mono.error(ApiErrorCode.ANALYTICS_NOT_CONFIGURED.error());
        }
        if (request.getHeaders().getContentLength() > MAX_BYTES) {
            return Mono.error(ApiErrorCode.BEACON_TOO_LARGE.error());
        }
        if (!limits.client(client(request))) {
            return Mono.error(limited());
        }
        return DataBufferUtils.join(request.getBody(), MAX_BYTES)
                .onErrorMap(
                        DataBufferLimitException.class, e -> ApiErrorCode.BEACON_TOO_LARGE.error())
                .map(
                        buffer -> {
                            try {
                                return buffer.toString(StandardCharsets.UTF_8);
                            } finally {
                                DataBufferUtils.release(buffer);
                            }
                        })
                .switchIfEmpty(Mono.error(ApiErrorCode.EMPTY_BODY::error))
                .map(this::accept);
    }

    private ResponseEntity<Void> accept(String body) {
        Beacon beacon = Beacon.of(parse(body));
        if (!tokens.proves(beacon.token(), beacon.assetId())) {
            throw ApiErrorCode.TOKEN_INVALID.error();
        }
        if (!limits.token(beacon.token())) {
            throw limited();
        }
        writer.offer(beacon, clock.instant().getEpochSecond());
        return ResponseEntity.noContent().build();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiErrorCode.INVALID_JSON.error("not a beacon: the body is not JSON");
        }
    }

    private static ApiError limited() {
        return ApiErrorCode.RATE_LIMITED
                .error("too many beacons from this client or for this token")
                .withRetryAfter(RETRY);
    }

    /** The declared type; null when absent or malformed (answered 415 like any other). */
    private static MediaType contentType(ServerHttpRequest request) {
        try {
            return request.getHeaders().getContentType();
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    /** The peer's address (not a forwarded header, which any page could set). */
    private static String client(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        return peer == null || peer.getAddress() == null
                ? "unknown"
                : peer.getAddress().getHostAddress();
    }
}
