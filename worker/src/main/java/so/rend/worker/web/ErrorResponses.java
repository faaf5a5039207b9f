package so.rend.worker.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error of the worker's HTTP endpoints, the framework's included (no route, wrong
 * method, a body that does not parse), as a {@link WorkerError} in the one error shape. Runs before
 * Spring Boot's default handler, so no HTML or framework-specific JSON reaches a client.
 */
@Component
@Order(-2)
public class ErrorResponses implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        WorkerError workerError = WorkerError.of(error);
        if (workerError == WorkerError.INTERNAL_ERROR) {
            // The path, never the query string: it could carry secrets.
            log.error(
                    "unhandled error on {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error);
        }
        response.setStatusCode(workerError.status());
        if (error instanceof ResponseStatusException status) {
            // Allow on a 405, Accept on a 415: what the client needs to ask again correctly.
            response.getHeaders().addAll(status.getHeaders());
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
        byte[] body = JSON.writeValueAsBytes(body(workerError));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** {@code {"error": {"code": …, "message": …}}}, in that order. */
    record Body(Detail error) {

        record Detail(String code, String message) {}
    }

    static Body body(WorkerError error) {
        return new Body(new Body.Detail(error.code(), error.message()));
    }
}
