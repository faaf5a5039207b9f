package so.rend.edge.playback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import java.nio.ByteBuffer;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.edge.cache.Artifacts;
import so.rend.edge.fill.FillCapExceededException;
import so.rend.edge.origin.Origin.OriginException;
import so.rend.edge.revocation.RevokedAssets;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;
import so.rend.playback.TokenVerdict;

/**
 * The public playback path, {@code GET|HEAD /p/<token>/<asset_id>/<artifact>}. It runs as the first
 * web filter rather than a routed handler: the hot path skips handler mapping and content
 * negotiation, and nothing — no cache lookup, fill, file or origin access — happens before the path
 * grammar and the token have been checked locally.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PlaybackFilter implements WebFilter {

    private static final String CACHE_HEADER = "X-Rend-Cache";

    private final PlaybackTokens tokens;
    private final RevokedAssets revoked;
    private final EdgeCache cache;
    private final MeterRegistry meters;
    private final Counter bytesServed;
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    public PlaybackFilter(PlaybackTokens tokens, EdgeCache cache, RevokedAssets revoked, MeterRegistry meters) {
        this.revoked = revoked;
        this.tokens = tokens;
        this.cache = cache;
        this.meters = meters;
        this.bytesServed = Counter.builder("rend.edge.bytes.served").baseUnit("bytes").register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (rawPath == null || !rawPath.startsWith("/p/")) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        headers.set("Access-Control-Allow-Origin", "*");
        headers.set("Access-Control-Expose-Headers", "Content-Length, Content-Range, ETag, X-Rend-Cache");
        HttpMethod method = exchange.getRequest().getMethod();
        if (HttpMethod.OPTIONS.equals(method)) {
            headers.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
            headers.set("Access-Control-Allow-Headers", "Range");
            headers.set("Access-Control-Max-Age", "86400");
            response.setStatusCode(HttpStatus.NO_CONTENT);
            return response.setComplete();
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            headers.set(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS");
            return error(exchange, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "playback URLs are read with GET or HEAD");
        }
        Optional<PlaybackPath> parsed = PlaybackPath.parse(rawPath);
        if (parsed.isEmpty()) {
            return error(exchange, HttpStatus.NOT_FOUND, "not_found", "no such playback artifact");
        }
        PlaybackPath path = parsed.get();
        TokenVerdict verdict = tokens.verify(path.token(), path.assetId());
        if (verdict != TokenVerdict.VALID) {
            return verdict == TokenVerdict.EXPIRED
                    ? error(exchange, HttpStatus.FORBIDDEN, "token_expired", "the playback token has expired")
                    : error(exchange, HttpStatus.FORBIDDEN, "token_invalid", "the playback token is not valid for this asset");
        }
        if (revoked.isRevoked(path.assetId())) {
            return error(exchange, HttpStatus.GONE, "asset_deleted", "the asset has been deleted");
        }
        String key = Artifacts.cacheKey(path.assetId(), path.artifactPath());
        ByteRangeSpec range = ByteRangeSpec.parse(exchange.getRequest().getHeaders().getFirst(HttpHeaders.RANGE));
        boolean withBody = HttpMethod.GET.equals(method);
        return cache.read(key, range, withBody)
                .flatMap(read -> send(exchange, path.artifactPath(), read))
                .onErrorResume(e -> failure(exchange, e));
    }

    private Mono<Void> send(ServerWebExchange exchange, String artifactPath, EdgeCache.Read read) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders headers = response.getHeaders();
        headers.set(CACHE_HEADER, read.status().name());
        headers.set(HttpHeaders.CONTENT_TYPE, Artifacts.contentType(artifactPath));
        headers.set(HttpHeaders.CACHE_CONTROL, Artifacts.cacheControl(artifactPath));
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        if (read.etag() != null) {
            headers.set(HttpHeaders.ETAG, read.etag().startsWith("\"") ? read.etag() : "\"" + read.etag() + "\"");
        }
        headers.setContentLength(read.bodyLength());
        if (read.range() != null) {
            response.setStatusCode(HttpStatus.PARTIAL_CONTENT);
            headers.set(HttpHeaders.CONTENT_RANGE,
                    "bytes " + read.range().first() + "-" + read.range().last() + "/" + read.totalLength());
        } else {
            response.setStatusCode(HttpStatus.OK);
        }
        count(read.status().name(), read.range() != null ? 206 : 200);
        Mono<Void> written;
        EdgeCache.Body body = read.body();
        if (body instanceof EdgeCache.Body.Bytes bytes) {
            written = response.writeWith(Mono.just(response.bufferFactory()
                    .wrap(ByteBuffer.wrap(bytes.bytes(), bytes.offset(), bytes.length()).slice())));
        } else if (body instanceof EdgeCache.Body.File file) {
            ServerHttpResponse nativeResponse = undecorated(response);
            written = nativeResponse instanceof ZeroCopyHttpOutputMessage zeroCopy
                    ? zeroCopy.writeWith(file.path(), file.position(), file.count())
                    : response.writeWith(DataBufferUtils.takeUntilByteCount(DataBufferUtils.read(
                            new FileSystemResource(file.path()), file.position(), response.bufferFactory(), 64 * 1024),
                            file.count()));
        } else if (body instanceof EdgeCache.Body.Stream stream) {
            written = response.writeWith(stream.flux());
        } else {
            written = response.setComplete();
        }
        return written.doOnSuccess(done -> {
            if (!(read.body() instanceof EdgeCache.Body.None)) {
                bytesServed.increment(read.bodyLength());
            }
        });
    }

    /** The server's own response under any decorators, so files go out with sendfile (zero-copy). */
    private static ServerHttpResponse undecorated(ServerHttpResponse response) {
        while (response instanceof ServerHttpResponseDecorator decorator) {
            response = decorator.getDelegate();
        }
        return response;
    }

    private Mono<Void> failure(ServerWebExchange exchange, Throwable e) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(e);
        }
        exchange.getResponse().getHeaders().remove(CACHE_HEADER);
        if (e instanceof EdgeCache.UnsatisfiableRangeException range) {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + range.totalLength());
            return error(exchange, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable",
                    "the requested range is outside the artifact");
        }
        if (e instanceof FillCapExceededException) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return error(exchange, HttpStatus.SERVICE_UNAVAILABLE, "edge_busy",
                    "too many artifacts are being fetched from origin; retry shortly");
        }
        if (e instanceof OriginException origin) {
            return switch (origin.kind()) {
                case NOT_FOUND -> error(exchange, HttpStatus.NOT_FOUND, "artifact_not_found", "no such playback artifact");
                case TIMEOUT -> error(exchange, HttpStatus.GATEWAY_TIMEOUT, "origin_timeout",
                        "the origin did not answer in time and the artifact is not cached");
                case UNAVAILABLE -> error(exchange, HttpStatus.BAD_GATEWAY, "origin_unavailable",
                        "the origin is unavailable and the artifact is not cached");
            };
        }
        return error(exchange, HttpStatus.BAD_GATEWAY, "origin_unavailable", "the artifact could not be fetched");
    }

    private Mono<Void> error(ServerWebExchange exchange, HttpStatus status, String code, String message) {
        count("NONE", status.value());
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
        byte[] body = ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private void count(String cache, int status) {
        counters.computeIfAbsent(cache + status, k -> meters.counter("rend.edge.requests", "cache", cache, "status",
                Integer.toString(status))).increment();
    }
}
