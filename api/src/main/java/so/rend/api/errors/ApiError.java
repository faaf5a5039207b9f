package so.rend.api.errors;

import org.springframework.http.HttpStatus;

/**
 * An error the API answers with: an HTTP status, a stable machine-readable code and a message for
 * people. Rendered everywhere as {@code {"error": {"code": …, "message": …}}}.
 */
public final class ApiError extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiError(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(HttpStatus.UNAUTHORIZED, "unauthorized", message);
    }

    public static ApiError assetNotFound() {
        return new ApiError(HttpStatus.NOT_FOUND, "asset_not_found", "no such asset");
    }

    public static ApiError invalidParameter(String name, String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, "invalid_parameter", name + ": " + message);
    }
}
