package so.rend.api.errors;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error, ours and the framework's, in the one error shape. Runs before Spring Boot's
 * default handler so no HTML or framework-specific JSON ever reaches a client.
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
        ApiError apiError = toApiError(exchange, error);
        response.setStatusCode(apiError.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
        byte[] body =
                JSON.writeValueAsBytes(
                        Map.of(
                                "error",
                                Map.of("code", apiError.code(), "message", apiError.getMessage())));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static ApiError toApiError(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ApiError apiError) {
            return apiError;
        }
        if (error instanceof ServerWebInputException input) {
            return new ApiError(
                    HttpStatus.BAD_REQUEST,
                    "invalid_request",
                    input.getReason() == null ? "the request is malformed" : input.getReason());
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatusCode code = status.getStatusCode();
            return switch (code.value()) {
                case 404 -> new ApiError(HttpStatus.NOT_FOUND, "not_found", "no such route");
                case 405 ->
                        new ApiError(
                                HttpStatus.METHOD_NOT_ALLOWED,
                                "method_not_allowed",
                                "method not allowed on this route");
                case 406 ->
                        new ApiError(
                                HttpStatus.NOT_ACCEPTABLE,
                                "not_acceptable",
                                "cannot produce the requested type");
                case 415 ->
                        new ApiError(
                                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                                "unsupported_content_type",
                                "unsupported content type");
                default ->
                        new ApiError(
                                HttpStatus.valueOf(code.value()),
                                "http_" + code.value(),
                                status.getReason() == null ? "request failed" : status.getReason());
            };
        }
        // The path, never the query string: it could carry secrets.
        log.error(
                "unhandled error on {} {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                error);
        return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error");
    }
}
