package so.rend.api.errors;

import org.springframework.http.HttpStatus;

/**
 * An error the API answers with: one of {@link ApiErrorCode} and a message for people. Rendered
 * everywhere as {@code {"error": {"code": …, "message": …}}} by {@link ErrorResponses}.
 */
public final class ApiError extends RuntimeException {

    private final ApiErrorCode code;

    ApiError(ApiErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
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
