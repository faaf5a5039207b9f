package so.rend.worker.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.edgeprotocol.InternalToken;
import so.rend.internalhttp.CanonicalPathFilter;
import so.rend.internalhttp.InternalTokenFilter;
import so.rend.objectstore.ObjectStore;
import so.rend.worker.config.EdgeProperties;
import so.rend.worker.queue.MediaJobRunner;
import so.rend.worker.queue.QueueListener;

/**
 * {@code /healthz} (alive), {@code /readyz} (Postgres, object store and LISTEN reachable), {@code
 * /metrics}. Every route is GET only; another method on one of them is a 405 (functional routes
 * would otherwise answer it with a 404).
 */
@Configuration(proxyBeanMethods = false)
public class HealthRoutes {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    private static final MediaType PROMETHEUS_TEXT =
            MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");
    private static final List<String> PATHS = List.of("/healthz", "/readyz", "/metrics");

    /** Paths in their one spelling, before anything else sees them. */
    @Bean
    CanonicalPathFilter canonicalPathFilter() {
        return new CanonicalPathFilter();
    }

    /**
     * The worker's one port is pod-to-pod only ({@code REND_WORKER_PORT}): everything but the
     * probes needs the internal token, as on the API's and edge's internal listeners.
     */
    @Bean
    InternalTokenFilter internalTokenFilter(EdgeProperties edges) {
        return new InternalTokenFilter(new InternalToken(edges.internalToken()));
    }

    @Bean
    RouterFunction<ServerResponse> workerRoutes(
            JdbcTemplate jdbc,
            ObjectStore store,
            QueueListener listener,
            MediaJobRunner runner,
            PrometheusMeterRegistry meters) {
        return RouterFunctions.route()
                .GET(
                        "/healthz",
                        request ->
                                ServerResponse.ok()
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .bodyValue(
                                                Map.of("status", "ok", "service", "rend-worker")))
                .GET("/readyz", request -> readiness(jdbc, store, listener, runner))
                .GET(
                        "/metrics",
                        request ->
                                ServerResponse.ok()
                                        .contentType(PROMETHEUS_TEXT)
                                        .bodyValue(meters.scrape()))
                .route(
                        anyOf(PATHS),
                        request ->
                                Mono.error(
                                        new MethodNotAllowedException(
                                                request.method(), Set.of(HttpMethod.GET))))
                .build();
    }

    private static Mono<ServerResponse> readiness(
            JdbcTemplate jdbc, ObjectStore store, QueueListener listener, MediaJobRunner runner) {
        Mono<Integer> database =
                Mono.fromCallable(() -> jdbc.queryForObject("SELECT 1", Integer.class))
                        .subscribeOn(Schedulers.boundedElastic());
        return Mono.zip(
                        check(database),
                        check(store.checkReachable().thenReturn(1)),
                        Mono.just(listener.listening()))
                .flatMap(
                        checks -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("database", checks.getT1());
                            body.put("object_store", checks.getT2());
                            body.put("listen", checks.getT3() ? "ok" : "down");
                            body.put("worker", runner.owner());
                            boolean ready = body.values().stream().limit(3).allMatch("ok"::equals);
                            body.put("status", ready ? "ready" : "not_ready");
                            return ServerResponse.status(
                                            ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(body);
                        });
    }

    private static RequestPredicate anyOf(List<String> paths) {
        return paths.stream()
                .map(RequestPredicates::path)
                .reduce(RequestPredicate::or)
                .orElseThrow();
    }

    private static Mono<String> check(Mono<?> probe) {
        return probe.timeout(CHECK_TIMEOUT).thenReturn("ok").onErrorResume(e -> Mono.just("down"));
    }
}
