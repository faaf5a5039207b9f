package so.rend.edge.internal;

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
import so.rend.edge.error.EdgeError;
import so.rend.edge.error.ErrorBody;
import so.rend.edgeprotocol.InternalToken;

/** {@code /internal/*} and {@code /metrics} need the internal token ({@link InternalToken}). */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class InternalTokenFilter implements WebFilter {

    private final InternalToken token;

    public InternalTokenFilter(InternalToken token) {
        this.token = token;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getURI().getRawPath();
        if (!path.startsWith("/internal/") && !path.equals("/metrics")) {
            return chain.filter(exchange);
        }
        if (token.matches(exchange.getRequest().getHeaders().getFirst(InternalToken.HEADER))) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        ErrorBody body = EdgeError.UNAUTHORIZED.body();
        response.setStatusCode(HttpStatus.valueOf(body.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length());
        // Refused requests do not keep their connection: no half-read body is left on it.
        response.getHeaders().set("Connection", "close");
        return exchange.getRequest()
                .getBody()
                .doOnNext(DataBufferUtils::release)
                .then(response.writeWith(Mono.just(body.dataBuffer(response.bufferFactory()))));
    }
}
