package so.rend.internalhttp;

import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.edgeprotocol.InternalToken;

/**
 * Everything on an internal listener needs the internal token, except the probes ({@code /healthz},
 * {@code /readyz}) a kubelet or load balancer sends without one. The token comes as {@link
 * InternalToken#HEADER} or as {@code Authorization: Bearer <token>} (what a Prometheus scrape
 * config sends). Runs after {@link CanonicalPathFilter}, so the path it tests is the one the router
 * dispatches.
 */
public final class InternalTokenFilter implements WebFilter {

    private static final Set<String> OPEN = Set.of("/healthz", "/readyz");
    private static final String BEARER = "Bearer ";

    private final InternalToken token;

    public InternalTokenFilter(InternalToken token) {
        this.token = token;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (OPEN.contains(exchange.getRequest().getURI().getRawPath())
                || presents(exchange.getRequest().getHeaders())) {
            return chain.filter(exchange);
        }
        return Mono.error(new InternalTokenMissingException());
    }

    private boolean presents(HttpHeaders headers) {
        if (token.matches(headers.getFirst(InternalToken.HEADER))) {
            return true;
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && token.matches(authorization.substring(BEARER.length()).trim());
    }
}
