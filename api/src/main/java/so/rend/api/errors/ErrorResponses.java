package so.rend.api.errors;

import io.r2dbc.spi.R2dbcException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;
import so.rend.api.uploads.DirectUploadPaths;
import so.rend.database.DatabaseOutage;
import so.rend.internalhttp.InternalTokenMissingException;
import so.rend.internalhttp.InvalidPathException;
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

    /**
     * Every 503 the API answers is temporary: about the time PostgreSQL takes to accept connections
     * again after a restart, so clients that honour it do not hammer a database coming back.
     */
    static final String RETRY_AFTER_SECONDS = "2";

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        // A client that went away (a stalled upload closed, say) has nobody to answer and is no
        // internal error: the framework logs it quietly.
        if (response.isCommitted()
                || DisconnectedClientHelper.isClientDisconnectedException(error)) {
            return Mono.error(error);
        }
        ApiError apiError = toApiError(exchange, error);
        response.setStatusCode(apiError.status());
        if (error instanceof ResponseStatusException status) {
            // e.g. Allow on a 405
            response.getHeaders().addAll(status.getHeaders());
        }
        if (apiError.retryAfter() != null) {
            response.getHeaders()
                    .set(HttpHeaders.RETRY_AFTER, Long.toString(apiError.retryAfter().toSeconds()));
        } else if (apiError.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (apiError.errorCode() == ApiErrorCode.UPLOAD_IDLE_TIMEOUT
                || apiError.errorCode() == ApiErrorCode.TOO_MANY_UPLOADS) {
            // Answered with the body unread (it stalled, or was refused): close the connection
            // rather than drain up to REND_MAX_UPLOAD_BYTES to keep it alive.
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
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
        if (error instanceof InvalidPathException invalidPath) {
            return ApiErrorCode.INVALID_PATH.error(invalidPath.getMessage());
        }
        if (error instanceof InternalTokenMissingException missing) {
            return ApiErrorCode.UNAUTHORIZED.error(missing.getMessage());
        }
        if (error instanceof ServerWebInputException input) {
            if (input.getCause() instanceof DecodingException) {
                return ApiErrorCode.INVALID_JSON.error();
            }
            return input.getReason() == null
                    ? ApiErrorCode.INVALID_REQUEST.error()
                    : ApiErrorCode.INVALID_REQUEST.error(input.getReason());
        }
        if (error instanceof ResponseStatusException status) {
            return switch (status.getStatusCode().value()) {
                case 404 -> ApiErrorCode.NOT_FOUND.error();
                case 405 -> ApiErrorCode.METHOD_NOT_ALLOWED.error();
                case 406 -> ApiErrorCode.NOT_ACCEPTABLE.error();
                case 413 -> ApiErrorCode.UPLOAD_TOO_LARGE.error();
                case 415 -> ApiErrorCode.UNSUPPORTED_CONTENT_TYPE.error();
                default ->
                        status.getStatusCode().is4xxClientError()
                                ? ApiErrorCode.INVALID_REQUEST.error()
                                : unexpected(exchange, error);
            };
        }
        if (DatabaseOutage.explains(error) || resourceFailure(error)) {
            return databaseUnavailable(exchange, error);
        }
        return unexpected(exchange, error);
    }

    private static ApiError databaseUnavailable(ServerWebExchange exchange, Throwable error) {
        // One line, no stack trace: while the database is down every request says the same.
        log.warn(
                "database unavailable on {} {}: {}",
                exchange.getRequest().getMethod(),
                DirectUploadPaths.redacted(exchange.getRequest().getPath().value()),
                rootCause(error).toString());
        return ApiErrorCode.DATABASE_UNAVAILABLE.error();
    }

    /**
     * Spring's verdict that the database could not be reached ("Failed to obtain R2DBC Connection")
     * with no R2DBC exception below it to say more: seen with a raw Netty {@code NativeIoException}
     * (broken pipe, connection reset) while PostgreSQL restarts. When an R2DBC exception is there,
     * {@link DatabaseOutage} judges by it.
     */
    private static boolean resourceFailure(Throwable error) {
        boolean resourceFailure = false;
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < 32; depth++) {
            if (cause instanceof R2dbcException) {
                return false;
            }
            resourceFailure |= cause instanceof DataAccessResourceFailureException;
            cause = cause.getCause();
        }
        return resourceFailure;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause.getCause() != null && depth < 32; depth++) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ApiError unexpected(ServerWebExchange exchange, Throwable error) {
        // The path, never the query string: it could carry secrets. A direct upload's path is a
        // secret itself, and Reactor's checkpoints copy it into the stack trace: one line then.
        String path = exchange.getRequest().getPath().value();
        String logged = DirectUploadPaths.redacted(path);
        HttpMethod method = exchange.getRequest().getMethod();
        if (!logged.equals(path)) {
            log.error("unhandled error on {} {}: {}", method, logged, rootCause(error).toString());
        } else {
            log.error("unhandled error on {} {}", method, logged, error);
        }
        return ApiErrorCode.INTERNAL_ERROR.error();
    }
}
