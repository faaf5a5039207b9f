package so.rend.edge.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import so.rend.edge.config.EdgeProperties;
import so.rend.edge.error.EdgeErrorWebExceptionHandler;
import so.rend.edgeprotocol.CacheRequest;
import so.rend.edgeprotocol.InternalRoutes;
import so.rend.edgeprotocol.InternalToken;
import so.rend.internalhttp.CanonicalPathFilter;
import so.rend.internalhttp.InternalListener;

/**
 * The edge's internal listener ({@code REND_EDGE_INTERNAL_PORT}, default 4101): warm, purge,
 * Prometheus metrics and the probes, behind the internal token. Viewers' port (4100) has none of
 * these routes, whatever the spelling.
 */
@Configuration(proxyBeanMethods = false)
public class InternalListenerConfiguration {

    /** The public listener's path guard for everything that reaches WebFlux. */
    @Bean
    CanonicalPathFilter canonicalPathFilter() {
        return new CanonicalPathFilter();
    }

    @Bean
    InternalListener edgeInternalListener(
            EdgeProperties edge,
            InternalToken token,
            EdgeCacheControl cache,
            EdgeHealth health,
            PrometheusMeterRegistry metrics,
            EdgeErrorWebExceptionHandler errors,
            ServerCodecConfigurer codecs) {
        return new InternalListener(
                edge.internalHost(),
                edge.internalPort(),
                routes(cache, health, metrics),
                token,
                errors,
                codecs);
    }

    static RouterFunction<ServerResponse> routes(
            EdgeCacheControl cache, EdgeHealth health, PrometheusMeterRegistry metrics) {
        return RouterFunctions.route()
                .POST(
                        InternalRoutes.EDGE_WARM,
                        request ->
                                request.bodyToMono(CacheRequest.class)
                                        .flatMap(cache::warm)
                                        .flatMap(answer -> ServerResponse.ok().bodyValue(answer)))
                .POST(
                        InternalRoutes.EDGE_PURGE,
                        request ->
                                request.bodyToMono(CacheRequest.class)
                                        .map(cache::purge)
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
                                                                ServerResponse.ok()
                                                                        .bodyValue(ready))));
    }
}
