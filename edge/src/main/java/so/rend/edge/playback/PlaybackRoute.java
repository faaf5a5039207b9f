package so.rend.edge.playback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import so.rend.edge.cache.Artifacts;
import so.rend.edge.error.EdgeError;
import so.rend.edge.error.ErrorBody;
import so.rend.edge.fill.FillCapExceededException;
import so.rend.edge.origin.Origin.OriginException;
import so.rend.edge.revocation.RevokedAssets;
import so.rend.edge.telemetry.PlaybackEvents;
import so.rend.edge.telemetry.RequestOutcome;
import so.rend.playback.PlaybackPath;
import so.rend.playback.PlaybackTokens;
import so.rend.playback.TokenVerdict;

/**
 * The public playback path, {@code GET|HEAD /p/<token>/<asset_id>/<artifact>}, as a Reactor Netty
 * route ahead of WebFlux: the hot path builds no exchange, runs no filter chain, handler mapping or
 * content negotiation, and nothing (no cache lookup, fill, file or origin access) happens before
 * the path grammar and the token have been checked locally. Everything else goes on to WebFlux.
 */
@Component
public class PlaybackRoute implements NettyRouteProvider {

    private static final String PREFIX = "/p/";
    private static final CharSequence CACHE_HEADER = "X-Rend-Cache";
    private static final String EXPOSED_HEADERS =
            "Content-Length, Content-Range, ETag, X-Rend-Cache";
    private static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

    // The refusals whose message says more than the code's default, serialized once.
    private static final ErrorBody WRONG_METHOD =
            EdgeError.METHOD_NOT_ALLOWED.body("playback URLs are read with GET or HEAD");
    private static final ErrorBody OFF_GRAMMAR =
            EdgeError.NOT_FOUND.body("no such playback artifact");
    private static final ErrorBody FETCH_FAILED =
            EdgeError.ORIGIN_UNAVAILABLE.body("the artifact could not be fetched");

    private final PlaybackTokens tokens;
    private final RevokedAssets revoked;
    private final EdgeCache cache;
    private final MeterRegistry meters;
    private final PlaybackEvents events;
    private final Counter bytesServed;

    /**
     * Served answers by cache status, [status][0 = 200, 1 = 206]: made up front, so a hit allocates
     * no key.
     */
    private final Counter[][] served;

    private final ConcurrentHashMap<Integer, Counter> refused = new ConcurrentHashMap<>();

    public PlaybackRoute(
            PlaybackTokens tokens,
            EdgeCache cache,
            RevokedAssets revoked,
            MeterRegistry meters,
            PlaybackEvents events) {
        this.tokens = tokens;
        this.events = events;
        this.revoked = revoked;
        this.cache = cache;
        this.meters = meters;
        this.bytesServed =
                Counter.builder("rend.edge.bytes.served").baseUnit("bytes").register(meters);
        EdgeCache.Status[] statuses = EdgeCache.Status.values();
        this.served = new Counter[statuses.length][];
        for (EdgeCache.Status cacheStatus : statuses) {
            served[cacheStatus.ordinal()] =
                    new Counter[] {
                        requests(cacheStatus.name(), 200), requests(cacheStatus.name(), 206)
                    };
        }
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> request.uri().startsWith(PREFIX), this::serve);
    }

    /**
     * One answer, and with telemetry on one event once it is finished, failed or abandoned (the
     * event is offered to a bounded queue: nothing here waits for ClickHouse).
     */
    Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        if (!events.enabled() || HttpMethod.OPTIONS.equals(request.method())) {
            return answer(request, response, RequestOutcome.UNRECORDED);
        }
        RequestOutcome outcome = events.begin(request);
        return answer(request, response, outcome)
                .doFinally(signal -> events.finish(response, outcome, signal));
    }

    private Mono<Void> answer(
            HttpServerRequest request, HttpServerResponse response, RequestOutcome outcome) {
        HttpHeaders headers = response.responseHeaders();
        headers.set("Access-Control-Allow-Origin", "*");
        headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        HttpMethod method = request.method();
        if (HttpMethod.OPTIONS.equals(method)) {
            headers.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
            headers.set("Access-Control-Allow-Headers", "Range");
            headers.set("Access-Control-Max-Age", "86400");
            return response.status(HttpResponseStatus.NO_CONTENT).send().then();
        }
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            headers.set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
            return error(response, outcome, WRONG_METHOD);
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        Optional<PlaybackPath> parsed =
                PlaybackPath.parse(query < 0 ? uri : uri.substring(0, query));
        if (parsed.isEmpty()) {
            return error(response, outcome, OFF_GRAMMAR);
        }
        PlaybackPath path = parsed.get();
        TokenVerdict verdict = tokens.verify(path.token(), path.assetId());
        if (verdict != TokenVerdict.VALID) {
            return error(
                    response,
                    outcome,
                    verdict == TokenVerdict.EXPIRED
                            ? EdgeError.TOKEN_EXPIRED.body()
                            : EdgeError.TOKEN_INVALID.body());
        }
        outcome.proven(path.assetId(), path.artifactPath());
        if (revoked.isRevoked(path.assetId())) {
            return error(response, outcome, EdgeError.ASSET_DELETED.body());
        }
        String key = Artifacts.cacheKey(path.assetId(), path.artifactPath());
        ByteRangeSpec range =
                ByteRangeSpec.parse(request.requestHeaders().get(HttpHeaderNames.RANGE));
        boolean withBody = HttpMethod.GET.equals(method);
        return Mono.defer(() -> cache.read(key, range, withBody))
                .flatMap(read -> send(response, path.artifactPath(), read))
                .onErrorResume(e -> failure(response, outcome, e));
    }

    private Mono<Void> send(HttpServerResponse response, String artifactPath, EdgeCache.Read read) {
        HttpHeaders headers = response.responseHeaders();
        headers.set(CACHE_HEADER, read.status().name());
        headers.set(HttpHeaderNames.CONTENT_TYPE, Artifacts.contentType(artifactPath));
        headers.set(HttpHeaderNames.CACHE_CONTROL, Artifacts.cacheControl(artifactPath));
        headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (read.etag() != null) {
            headers.set(
                    HttpHeaderNames.ETAG,
                    read.etag().startsWith("\"") ? read.etag() : "\"" + read.etag() + "\"");
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, read.bodyLength());
        if (read.range() != null) {
            response.status(HttpResponseStatus.PARTIAL_CONTENT);
            headers.set(
                    HttpHeaderNames.CONTENT_RANGE,
                    "bytes "
                            + read.range().first()
                            + "-"
                            + read.range().last()
                            + "/"
                            + read.totalLength());
        } else {
            response.status(HttpResponseStatus.OK);
        }
        served[read.status().ordinal()][read.range() != null ? 1 : 0].increment();
        Mono<Void> written;
        EdgeCache.Body body = read.body();
        if (body instanceof EdgeCache.Body.Bytes bytes) {
            written =
                    response.send(
                                    Mono.just(
                                            Unpooled.wrappedBuffer(
                                                    bytes.bytes(), bytes.offset(), bytes.length())))
                            .then();
        } else if (body instanceof EdgeCache.Body.File file) {
            // sendfile: zero-copy from the disk tier.
            written = response.sendFile(file.path(), file.position(), file.count()).then();
        } else if (body instanceof EdgeCache.Body.Stream stream) {
            written = response.send(stream.flux().map(NettyDataBufferFactory::toByteBuf)).then();
        } else {
            written = response.send().then();
        }
        return written.doOnSuccess(
                done -> {
                    if (!(read.body() instanceof EdgeCache.Body.None)) {
                        bytesServed.increment(read.bodyLength());
                    }
                });
    }

    private Mono<Void> failure(HttpServerResponse response, RequestOutcome outcome, Throwable e) {
        if (response.hasSentHeaders()) {
            outcome.refused("transfer_failed");
            return Mono.error(e);
        }
        response.responseHeaders().remove(CACHE_HEADER);
        if (e instanceof EdgeCache.UnsatisfiableRangeException range) {
            response.responseHeaders()
                    .set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + range.totalLength());
            return error(response, outcome, EdgeError.RANGE_NOT_SATISFIABLE.body());
        }
        if (e instanceof FillCapExceededException) {
            response.responseHeaders().set(HttpHeaderNames.RETRY_AFTER, "1");
            return error(response, outcome, EdgeError.EDGE_BUSY.body());
        }
        if (e instanceof OriginException origin) {
            return error(
                    response,
                    outcome,
                    switch (origin.kind()) {
                        case NOT_FOUND -> EdgeError.ARTIFACT_NOT_FOUND.body();
                        case TIMEOUT -> EdgeError.ORIGIN_TIMEOUT.body();
                        case UNAVAILABLE -> EdgeError.ORIGIN_UNAVAILABLE.body();
                    });
        }
        return error(response, outcome, FETCH_FAILED);
    }

    /** Sends a body serialized once, at class load: a refusal builds no JSON. */
    private Mono<Void> error(HttpServerResponse response, RequestOutcome outcome, ErrorBody body) {
        outcome.refused(body.error().code());
        refused.computeIfAbsent(body.status(), s -> requests("NONE", s)).increment();
        response.status(HttpResponseStatus.valueOf(body.status()));
        HttpHeaders headers = response.responseHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        return response.send(Mono.just(body.byteBuf())).then();
    }

    private Counter requests(String cacheStatus, int status) {
        return meters.counter(
                "rend.edge.requests", "cache", cacheStatus, "status", Integer.toString(status));
    }
}
