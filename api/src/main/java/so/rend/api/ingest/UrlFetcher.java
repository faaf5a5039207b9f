package so.rend.api.ingest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.outbound.OutboundAddresses;
import so.rend.api.outbound.OutboundHttp;

/**
 * Downloads a URL for ingest: every hop is checked by {@link OutboundAddresses} and connected to
 * the address that was checked (the name only travels in {@code Host} and TLS SNI), redirects are
 * followed here (at most {@link #MAX_REDIRECTS}, each re-checked), and the body is bounded by a
 * declared {@code Content-Length} before it is read and by its counted bytes while it streams.
 */
final class UrlFetcher {

    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final OutboundAddresses guard;
    private final IngestProperties properties;
    private final HttpClient client;
    private final NettyDataBufferFactory buffers =
            new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    UrlFetcher(OutboundAddresses guard, IngestProperties properties) {
        this.guard = guard;
        this.properties = properties;
        this.client = OutboundHttp.client(properties.connectTimeout(), properties.readTimeout());
    }

    /** A body's declared type and its bytes, for {@code consume} to store. */
    <T> Mono<T> fetch(String url, BiFunction<MediaType, Flux<DataBuffer>, Mono<T>> consume) {
        return hop(url, 0, consume)
                .timeout(
                        properties.totalTimeout(),
                        Mono.error(
                                () ->
                                        failed(
                                                "the download took longer than "
                                                        + properties.totalTimeout().toSeconds()
                                                        + " s")));
    }

    private <T> Mono<T> hop(
            String url, int redirects, BiFunction<MediaType, Flux<DataBuffer>, Mono<T>> consume) {
        // Resolving a name blocks: off the event loop.
        return Mono.fromCallable(() -> guard.check(url))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        target ->
                                request(target)
                                        .get()
                                        .uri(target.pathAndQuery())
                                        .response(
                                                (response, body) -> {
                                                    int status = response.status().code();
                                                    if (REDIRECTS.contains(status)) {
                                                        String next =
                                                                next(
                                                                        target.uri(),
                                                                        response.responseHeaders()
                                                                                .get(
                                                                                        HttpHeaderNames
                                                                                                .LOCATION),
                                                                        redirects);
                                                        return Mono.just(new Hop<T>(next, null));
                                                    }
                                                    if (status < 200 || status > 299) {
                                                        return Mono.error(
                                                                failed(
                                                                        "the URL answered "
                                                                                + status));
                                                    }
                                                    String length =
                                                            response.responseHeaders()
                                                                    .get(
                                                                            HttpHeaderNames
                                                                                    .CONTENT_LENGTH);
                                                    if (length != null && tooLong(length)) {
                                                        return Mono.error(tooLarge());
                                                    }
                                                    Flux<DataBuffer> data =
                                                            body.retain().map(buffers::wrap);
                                                    return consume.apply(
                                                                    type(
                                                                            response.responseHeaders()
                                                                                    .get(
                                                                                            HttpHeaderNames
                                                                                                    .CONTENT_TYPE)),
                                                                    data)
                                                            .map(value -> new Hop<>(null, value));
                                                })
                                        .next()
                                        .onErrorMap(
                                                UrlFetcher::transportError,
                                                UrlFetcher::failedTransport))
                .flatMap(
                        hop ->
                                hop.redirect() != null
                                        ? hop(hop.redirect(), redirects + 1, consume)
                                        : Mono.just(hop.value()));
    }

    private record Hop<T>(String redirect, T value) {}

    private HttpClient request(OutboundAddresses.Target target) {
        return OutboundHttp.to(client, target, "rend-ingest");
    }

    private static String next(URI from, String location, int redirects) {
        if (location == null || location.isBlank()) {
            throw failed("the URL redirected without a Location");
        }
        if (redirects >= MAX_REDIRECTS) {
            throw failed("the URL redirected more than " + MAX_REDIRECTS + " times");
        }
        try {
            return from.resolve(location.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw failed("the URL redirected to something that is no URL");
        }
    }

    private boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > properties.maxBytes();
        } catch (NumberFormatException e) {
            throw failed("the URL answered with a malformed Content-Length");
        }
    }

    private static MediaType type(String contentType) {
        try {
            MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
            if (type != null && "video".equals(type.getType()) && !type.isWildcardSubtype()) {
                return type;
            }
        } catch (InvalidMediaTypeException e) {
            // The sniff of the first bytes decides whether it is a video, not the header.
        }
        return MediaType.APPLICATION_OCTET_STREAM;
    }

    private static boolean transportError(Throwable e) {
        return e instanceof IOException
                || e instanceof ChannelException
                || e instanceof TimeoutException;
    }

    private static ApiError failedTransport(Throwable e) {
        return failed("the download failed: " + e.getClass().getSimpleName());
    }

    ApiError tooLarge() {
        return ApiErrorCode.INGEST_TOO_LARGE.error(
                "the URL's body is larger than the ingest limit of "
                        + properties.maxBytes()
                        + " bytes");
    }

    static ApiError failed(String message) {
        return ApiErrorCode.INGEST_FAILED.error(message);
    }
}
