package so.rend.internalhttp;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose raw path is not canonical before anything else sees it, so every later
 * filter and the router decide on the same path. Put it first in every listener's chain: the
 * internal listener does; a process declares it as a bean for its public listener, where its order
 * puts it ahead of every other filter.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class CanonicalPathFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String problem = CanonicalPaths.problem(exchange.getRequest().getURI().getRawPath());
        return problem == null
                ? chain.filter(exchange)
                : Mono.error(new InvalidPathException(problem));
    }
}
