package so.rend.edge.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import so.rend.edge.config.EdgeProperties;

/**
 * {@code /internal/*} and {@code /metrics} need {@code x-rend-internal-token}, compared in constant
 * time.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class InternalTokenFilter implements WebFilter {

    public static final String HEADER = "x-rend-internal-token";

    private final byte[] token;

    public InternalTokenFilter(EdgeProperties properties) {
        this.token = properties.internalToken().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getURI().getRawPath();
        if (!path.startsWith("/internal/") && !path.equals("/metrics")) {
            return chain.filter(exchange);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (presented != null
                && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        // Refused requests do not keep their connection: no half-read body is left on it.
        response.getHeaders().set("Connection", "close");
        byte[] body =
                "{\"error\":{\"code\":\"unauthorized\",\"message\":\"internal endpoints need x-rend-internal-token\"}}"
                        .getBytes(StandardCharsets.UTF_8);
        return exchange.getRequest()
                .getBody()
                .doOnNext(DataBufferUtils::release)
                .then(response.writeWith(Mono.just(response.bufferFactory().wrap(body))));
    }
}
