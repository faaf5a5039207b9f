package so.rend.internalhttp;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import so.rend.edgeprotocol.InternalToken;

/**
 * A process's second listener, for pod-to-pod traffic only: its routes exist on no other port, so
 * no spelling of a path on the public port can reach them. Every request passes {@link
 * CanonicalPathFilter}, then {@link InternalTokenFilter}, then the routes; errors are rendered by
 * the process's own {@link WebExceptionHandler}, in its error shape.
 */
public final class InternalListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InternalListener.class);
    private static final List<HttpMethod> METHODS =
            List.of(
                    HttpMethod.GET,
                    HttpMethod.POST,
                    HttpMethod.PUT,
                    HttpMethod.PATCH,
                    HttpMethod.DELETE);

    private final String host;
    private final int port;
    private final HttpHandler handler;
    private volatile DisposableServer server;

    /**
     * @param port 0 picks a free port ({@link #port()} tells which once started)
     * @param codecs the process's codecs (its JSON naming), for reading and writing bodies
     */
    public InternalListener(
            String host,
            int port,
            RouterFunction<ServerResponse> routes,
            InternalToken token,
            WebExceptionHandler errors,
            ServerCodecConfigurer codecs) {
        this.host = host;
        this.port = port;
        HandlerStrategies strategies =
                HandlerStrategies.builder()
                        .codecs(
                                configurer -> {
                                    configurer.registerDefaults(false);
                                    codecs.getReaders()
                                            .forEach(configurer.customCodecs()::register);
                                    codecs.getWriters()
                                            .forEach(configurer.customCodecs()::register);
                                })
                        .build();
        this.handler =
                WebHttpHandlerBuilder.webHandler(
                                RouterFunctions.toWebHandler(withFallbacks(routes), strategies))
                        .filters(
                                filters ->
                                        filters.addAll(
                                                List.<WebFilter>of(
                                                        new CanonicalPathFilter(),
                                                        new InternalTokenFilter(token))))
                        .exceptionHandler(errors)
                        .codecConfigurer(codecs)
                        .build();
    }

    /** The Prometheus text format, as {@code /metrics} answers. */
    public static final MediaType PROMETHEUS_TEXT =
            MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    /**
     * The routes every internal listener has besides its own: {@code /metrics} from {@code scrape},
     * and the probes, answered as on the public listener.
     */
    public static RouterFunction<ServerResponse> metricsAndProbes(
            Supplier<String> scrape,
            Supplier<Object> healthz,
            HandlerFunction<ServerResponse> readyz) {
        return RouterFunctions.route()
                .GET(
                        "/metrics",
                        request ->
                                ServerResponse.ok()
                                        .contentType(PROMETHEUS_TEXT)
                                        .bodyValue(scrape.get()))
                .GET("/healthz", request -> ServerResponse.ok().bodyValue(healthz.get()))
                .GET("/readyz", readyz)
                .build();
    }

    /**
     * Unmatched requests become the framework's 404, or 405 with {@code Allow} when the path exists
     * with other methods (functional routes alone answer 404 for both), so the process's error
     * handler renders them as it renders them on its public port.
     */
    static RouterFunction<ServerResponse> withFallbacks(RouterFunction<ServerResponse> routes) {
        return routes.and(
                RouterFunctions.route(
                        RequestPredicates.all(), request -> unmatched(routes, request)));
    }

    private static Mono<ServerResponse> unmatched(
            RouterFunction<ServerResponse> routes, ServerRequest request) {
        return Flux.fromIterable(METHODS)
                .filter(method -> !method.equals(request.method()))
                .concatMap(
                        method ->
                                routes.route(ServerRequest.from(request).method(method).build())
                                        .map(handler -> method))
                .collect(Collectors.toSet())
                .flatMap(
                        allowed ->
                                Mono.error(
                                        allowed.isEmpty()
                                                ? new ResponseStatusException(HttpStatus.NOT_FOUND)
                                                : new MethodNotAllowedException(
                                                        request.method(), allowed)));
    }

    @Override
    public void start() {
        server =
                HttpServer.create()
                        .host(host)
                        .port(port)
                        .handle(new ReactorHttpHandlerAdapter(handler))
                        .bindNow(Duration.ofSeconds(10));
        log.info("internal listener on {}:{}", host, server.port());
    }

    @Override
    public void stop() {
        DisposableServer running = server;
        if (running != null) {
            running.disposeNow(Duration.ofSeconds(5));
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port, once started. */
    public int port() {
        DisposableServer running = server;
        if (running == null) {
            throw new IllegalStateException("the internal listener is not running");
        }
        return running.port();
    }
}
