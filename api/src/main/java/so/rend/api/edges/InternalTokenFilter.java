package so.rend.api.edges;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.api.config.EdgesProperties;
import so.rend.api.errors.ApiError;
import so.rend.edgeprotocol.InternalToken;

/**
 * {@code /internal/*} is for Rend's own processes (edges registering): it needs the {@link
 * InternalToken} ({@code REND_INTERNAL_TOKEN}). With no token configured, internal endpoints stay
 * closed.
 */
@Component
@Order(0)
public class InternalTokenFilter implements WebFilter {

    private final InternalToken token;

    public InternalTokenFilter(EdgesProperties edges) {
        this.token = edges.token();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest()
                .getPath()
                .pathWithinApplication()
                .value()
                .startsWith("/internal/")) {
            return chain.filter(exchange);
        }
        if (!token.matches(exchange.getRequest().getHeaders().getFirst(InternalToken.HEADER))) {
            return Mono.error(
                    ApiError.unauthorized("internal endpoints need " + InternalToken.HEADER));
        }
        return chain.filter(exchange);
    }
}
