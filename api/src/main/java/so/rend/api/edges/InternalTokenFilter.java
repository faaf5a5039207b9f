package so.rend.api.edges;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;

/**
 * {@code /internal/*} is for Rend's own processes (edges registering): it needs {@code
 * x-rend-internal-token} equal to {@code REND_INTERNAL_TOKEN}, compared in constant time. With no
 * token configured, internal endpoints stay closed.
 */
@Component
@Order(0)
public class InternalTokenFilter implements WebFilter {

    public static final String HEADER = "x-rend-internal-token";

    private final byte[] token;

    public InternalTokenFilter(@Value("${rend.internal-token:}") String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
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
        String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (token.length == 0
                || presented == null
                || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
            return Mono.error(
                    ApiError.unauthorized("internal endpoints need x-rend-internal-token"));
        }
        return chain.filter(exchange);
    }
}
