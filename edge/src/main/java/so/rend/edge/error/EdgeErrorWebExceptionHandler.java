package so.rend.edge.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import so.rend.internalhttp.InternalTokenMissingException;
import so.rend.internalhttp.InvalidPathException;

/**
 * Answers whatever reaches WebFlux's end unanswered — an {@link EdgeErrorException}, an unknown
 * route, a wrong method, a body that is not JSON, a fault — in the edge's one error shape. Ordered
 * before Spring Boot's own handler (-1), which would answer in its shape instead. The playback
 * route never gets here: it is a Reactor Netty route ahead of WebFlux.
 */
@Component
@Order(-2)
public class EdgeErrorWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeErrorWebExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        ErrorBody body = answer(ex);
        if (body.error() == EdgeError.INTERNAL_ERROR) {
            // The viewer of the answer learns nothing of the fault; the log keeps it.
            // Paths here carry no playback token (those go to the Netty route) and no query string.
            log.error(
                    "unexpected error on {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(),
                    ex);
        }
        HttpHeaders headers = response.getHeaders();
        if (ex instanceof ResponseStatusException status) {
            // What the framework says goes with the status: Allow for a 405, Accept for a 415.
            headers.putAll(status.getHeaders());
        }
        response.setStatusCode(HttpStatus.valueOf(body.status()));
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length());
        return response.writeWith(Mono.just(body.dataBuffer(response.bufferFactory())));
    }

    /** The answer to an exception, in the edge's vocabulary. */
    static ErrorBody answer(Throwable ex) {
        if (ex instanceof EdgeErrorException edge) {
            return edge.body();
        }
        if (ex instanceof InvalidPathException invalidPath) {
            return EdgeError.INVALID_PATH.body(invalidPath.getMessage());
        }
        if (ex instanceof InternalTokenMissingException) {
            return EdgeError.UNAUTHORIZED.body();
        }
        if (ex instanceof ServerWebInputException input) {
            return isBody(input.getMethodParameter())
                            || input.getCause() instanceof DecodingException
                    ? EdgeError.INVALID_JSON.body()
                    : EdgeError.INVALID_REQUEST.body();
        }
        if (ex instanceof ResponseStatusException status) {
            return byStatus(status.getStatusCode().value()).body();
        }
        return EdgeError.INTERNAL_ERROR.body();
    }

    private static boolean isBody(MethodParameter parameter) {
        return parameter != null && parameter.hasParameterAnnotation(RequestBody.class);
    }

    private static EdgeError byStatus(int status) {
        return switch (status) {
            case 404 -> EdgeError.NOT_FOUND;
            case 405 -> EdgeError.METHOD_NOT_ALLOWED;
            case 406 -> EdgeError.NOT_ACCEPTABLE;
            case 413 -> EdgeError.BODY_TOO_LARGE;
            case 415 -> EdgeError.UNSUPPORTED_CONTENT_TYPE;
            default ->
                    status >= 400 && status < 500
                            ? EdgeError.INVALID_REQUEST
                            : EdgeError.INTERNAL_ERROR;
        };
    }
}
