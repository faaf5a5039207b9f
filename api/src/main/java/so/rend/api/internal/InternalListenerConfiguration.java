package so.rend.api.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import so.rend.api.config.ApiProperties;
import so.rend.api.config.EdgesProperties;
import so.rend.api.edges.EdgeRegistry;
import so.rend.api.errors.ErrorResponses;
import so.rend.api.health.HealthController;
import so.rend.edgeprotocol.Heartbeat;
import so.rend.edgeprotocol.InternalRoutes;
import so.rend.internalhttp.CanonicalPathFilter;
import so.rend.internalhttp.InternalListener;

/**
 * The API's internal listener ({@code REND_API_INTERNAL_PORT}, default 4001): the edge registry and
 * heartbeats, Prometheus metrics, and the probes. These routes exist on no other port.
 */
@Configuration(proxyBeanMethods = false)
public class InternalListenerConfiguration {

    /** The public listener's path guard: first in its filter chain (the class's order). */
    @Bean
    CanonicalPathFilter canonicalPathFilter() {
        return new CanonicalPathFilter();
    }

    @Bean
    InternalListener apiInternalListener(
            ApiProperties api,
            EdgesProperties edges,
            EdgeRegistry registry,
            HealthController health,
            PrometheusMeterRegistry metrics,
            ErrorResponses errors,
            ServerCodecConfigurer codecs) {
        return new InternalListener(
                api.internalHost(),
                api.internalPort(),
                routes(registry, health, metrics),
                edges.token(),
                errors,
                codecs);
    }

    static RouterFunction<ServerResponse> routes(
            EdgeRegistry registry, HealthController health, PrometheusMeterRegistry metrics) {
        return RouterFunctions.route()
                .GET(
                        InternalRoutes.EDGES,
                        request ->
                                registry.list(request.queryParam("region").orElse(null))
                                        .flatMap(
                                                edges ->
                                                        ServerResponse.ok()
                                                                .bodyValue(Map.of("edges", edges))))
                .GET(
                        InternalRoutes.EDGES + "/{edgeId}",
                        request ->
                                registry.get(request.pathVariable("edgeId"))
                                        .flatMap(edge -> ServerResponse.ok().bodyValue(edge)))
                .POST(
                        InternalRoutes.EDGE_HEARTBEAT,
                        request ->
                                request.bodyToMono(Heartbeat.class)
                                        .flatMap(registry::heartbeat)
                                        .flatMap(answer -> ServerResponse.ok().bodyValue(answer)))
                .build()
                .and(
                        InternalListener.metricsAndProbes(
                                metrics::scrape,
                                health::healthz,
                                request ->
                                        health.readyz()
                                                .flatMap(
                                                        ready ->
                                                                ServerResponse.status(
                                                                                ready
                                                                                        .getStatusCode())
                                                                        .bodyValue(
                                                                                ready.getBody()))));
    }
}
