package so.rend.worker.web;

import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import so.rend.internalhttp.InternalTokenMissingException;
import so.rend.internalhttp.InvalidPathException;

/**
 * Every error the worker's HTTP endpoints answer with, the framework's fallbacks included: a stable
 * machine-readable code, the HTTP status and a message for people. Rendered by {@link
 * ErrorResponses} as {@code {"error": {"code": …, "message": …}}}, the shape the API uses.
 */
public enum WorkerError {
    NOT_FOUND(HttpStatus.NOT_FOUND, "not_found", "no such route"),
    METHOD_NOT_ALLOWED(
            HttpStatus.METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "method not allowed on this route"),
    INVALID_JSON(HttpStatus.BAD_REQUEST, "invalid_json", "the request body is not valid JSON"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid_request", "the request is malformed"),
    INVALID_PATH(
            HttpStatus.BAD_REQUEST,
            "invalid_path",
            "the path is not in its one canonical spelling"),
    UNAUTHORIZED(
            HttpStatus.UNAUTHORIZED,
            "unauthorized",
            "this endpoint needs the internal token (x-rend-internal-token, or Authorization:"
                    + " Bearer)"),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "the request body is too large"),
    UNSUPPORTED_CONTENT_TYPE(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_content_type",
            "unsupported content type"),
    NOT_ACCEPTABLE(
            HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "cannot produce the requested type"),
    /** Anything unexpected; the message never says more (the log does). */
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error");

    private final HttpStatus status;
    private final String code;
    private final String message;

    WorkerError(HttpStatus status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    /**
     * The error a failure answers with. A body that does not parse is {@link #INVALID_JSON}; the
     * framework's status exceptions keep their status where the vocabulary has it, other client
     * errors are {@link #INVALID_REQUEST}, and everything else is {@link #INTERNAL_ERROR}.
     */
    public static WorkerError of(Throwable error) {
        if (error instanceof InvalidPathException) {
            return INVALID_PATH;
        }
        if (error instanceof InternalTokenMissingException) {
            return UNAUTHORIZED;
        }
        if (error instanceof DecodingException || causedBy(error, DecodingException.class)) {
            return INVALID_JSON;
        }
        if (error instanceof ServerWebInputException) {
            return INVALID_REQUEST;
        }
        if (error instanceof ResponseStatusException status) {
            return switch (status.getStatusCode().value()) {
                case 404 -> NOT_FOUND;
                case 405 -> METHOD_NOT_ALLOWED;
                case 406 -> NOT_ACCEPTABLE;
                case 413 -> BODY_TOO_LARGE;
                case 415 -> UNSUPPORTED_CONTENT_TYPE;
                default ->
                        status.getStatusCode().is4xxClientError()
                                ? INVALID_REQUEST
                                : INTERNAL_ERROR;
            };
        }
        return INTERNAL_ERROR;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
