package so.rend.api.errors;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with: one of {@link ApiErrorCode} and a message for people. Rendered
 * everywhere as {@code {"error": {"code": …, "message": …}}} by {@link ErrorResponses}.
 */
public final class ApiError extends RuntimeException {

    private final ApiErrorCode code;
    private final Duration retryAfter;

    ApiError(ApiErrorCode code, String message) {
        this(code, message, null);
    }

    private ApiError(ApiErrorCode code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** This error, telling the client when to try again ({@code Retry-After}). */
    public ApiError withRetryAfter(Duration after) {
        return new ApiError(code, getMessage(), after);
    }

    /** When the client may try again, or {@code null} when the answer says nothing about it. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public ApiErrorCode errorCode() {
        return code;
    }

    public HttpStatus status() {
        return code.status();
    }

    public String code() {
        return code.code();
    }

    public static ApiError unauthorized(String message) {
        return ApiErrorCode.UNAUTHORIZED.error(message);
    }

    public static ApiError assetNotFound() {
        return ApiErrorCode.ASSET_NOT_FOUND.error();
    }

    public static ApiError invalidParameter(String name, String message) {
        return ApiErrorCode.INVALID_PARAMETER.error(name + ": " + message);
    }
}
