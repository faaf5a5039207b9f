package so.rend.api.errors;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * Every error code the API answers with, its HTTP status and a default message: the README's error
 * table, in code. A new refusal adds a constant here, so the codes stay a closed, documented set.
 */
public enum ApiErrorCode {
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "a valid Authorization: Bearer API key is required"),
    ASSET_NOT_FOUND(HttpStatus.NOT_FOUND, "no such asset"),
    ASSET_NOT_PLAYABLE(HttpStatus.NOT_FOUND, "the asset is not playable yet"),
    EDGE_NOT_REGISTERED(HttpStatus.NOT_FOUND, "no edge with this id has registered"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "no such route"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method not allowed on this route"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "cannot produce the requested type"),
    EMPTY_BODY(HttpStatus.BAD_REQUEST, "the request body is empty"),
    INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "a parameter is malformed"),
    INVALID_CURSOR(HttpStatus.BAD_REQUEST, "cursor is not one this API issued"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "the request is malformed"),
    INVALID_JSON(HttpStatus.BAD_REQUEST, "the body is not the JSON this route takes"),
    INVALID_PATH(HttpStatus.BAD_REQUEST, "the path is not in its one canonical spelling"),
    INVALID_WINDOW(
            HttpStatus.BAD_REQUEST,
            "from/to/granularity do not make a window analytics answer (from before to, at most"
                    + " 31 days, at most 1440 buckets)"),
    // Idempotency-Key: a malformed key, a key sent before with another request, one still running.
    IDEMPOTENCY_KEY_INVALID(
            HttpStatus.BAD_REQUEST,
            "Idempotency-Key is 1 to 255 visible ASCII characters (0x21-0x7E), sent once"),
    IDEMPOTENCY_KEY_REUSED(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "this Idempotency-Key was used with a different request; use a new key"),
    IDEMPOTENCY_KEY_IN_PROGRESS(
            HttpStatus.CONFLICT,
            "a request with this Idempotency-Key is still running; retry after Retry-After"),
    // Ingest from a URL: a URL that is not one, one that names a forbidden address, a body past
    // REND_INGEST_MAX_BYTES, a download that failed (answer, timeout, too many redirects).
    INGEST_URL_INVALID(
            HttpStatus.BAD_REQUEST, "input.url is not an absolute http(s) URL Rend can fetch"),
    INGEST_URL_FORBIDDEN(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "input.url names a private, loopback, link-local or otherwise internal address"),
    INGEST_TOO_LARGE(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "the URL's body is larger than the ingest limit (REND_INGEST_MAX_BYTES)"),
    INGEST_FAILED(
            HttpStatus.BAD_GATEWAY,
            "the URL could not be downloaded (its answer, a timeout, redirects)"),
    // Webhooks: a URL that is not one, one that names an internal address, an unknown endpoint or
    // delivery of the caller's account.
    WEBHOOK_URL_INVALID(HttpStatus.BAD_REQUEST, "url is not an absolute http(s) URL Rend can call"),
    WEBHOOK_URL_FORBIDDEN(
            HttpStatus.BAD_REQUEST,
            "url names a private, loopback, link-local or otherwise internal address"),
    WEBHOOK_NOT_FOUND(HttpStatus.NOT_FOUND, "no such webhook endpoint"),
    WEBHOOK_DELIVERY_NOT_FOUND(HttpStatus.NOT_FOUND, "no such webhook delivery"),
    // API keys: an unknown (or revoked) key of the account, and the refusal to revoke its last one.
    API_KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "no such API key"),
    LAST_API_KEY(
            HttpStatus.CONFLICT,
            "this is the account's last live API key; create another before revoking it"),
    UPLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than the upload limit"),
    // Upload bounds: a body that stalls, and more uploads at once than this process takes.
    UPLOAD_IDLE_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "the upload sent no bytes for too long"),
    TOO_MANY_UPLOADS(
            HttpStatus.TOO_MANY_REQUESTS, "too many uploads in progress here; retry shortly"),
    // Rate limits: an account's budget of a route class, and its open event streams.
    RATE_LIMITED(
            HttpStatus.TOO_MANY_REQUESTS,
            "too many requests of this kind for this API key; retry after Retry-After seconds"),
    TOO_MANY_EVENT_STREAMS(
            HttpStatus.TOO_MANY_REQUESTS,
            "this API key already holds the most open event streams; close one first"),
    // Direct uploads (POST /v1/uploads) and their tus URL.
    UPLOAD_NOT_FOUND(HttpStatus.NOT_FOUND, "no such upload"),
    UPLOAD_GONE(HttpStatus.GONE, "the upload expired, was cancelled or failed; create a new one"),
    UPLOAD_NOT_WAITING(
            HttpStatus.CONFLICT, "the upload is no longer waiting (completed, cancelled, expired)"),
    UPLOAD_ORIGIN_REFUSED(
            HttpStatus.FORBIDDEN, "this upload URL takes requests only from its cors_origin"),
    UPLOAD_OFFSET_MISMATCH(
            HttpStatus.CONFLICT, "Upload-Offset is not the upload's offset; ask with HEAD"),
    UPLOAD_LOCKED(HttpStatus.LOCKED, "another PATCH is writing to this upload; retry in a moment"),
    TUS_VERSION_UNSUPPORTED(
            HttpStatus.PRECONDITION_FAILED, "this server speaks tus 1.0.0 (Tus-Resumable: 1.0.0)"),
    UNSUPPORTED_CONTENT_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type"),
    NOT_A_VIDEO(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "the body does not start like a video container (MP4, MOV, WebM, MKV, AVI, MPEG-TS, ...)"),
    // Playback analytics: more assets than one account-wide answer covers.
    ANALYTICS_SCOPE_TOO_LARGE(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "the account has more assets than account-wide analytics cover; ask per asset"),
    ANALYTICS_NOT_CONFIGURED(
            HttpStatus.SERVICE_UNAVAILABLE,
            "playback analytics are off: this API has no analytics store (REND_CLICKHOUSE_URL)"),
    ANALYTICS_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE,
            "the analytics store is unavailable; retry in a moment"),
    // QoE beacons: a body past the beacon bound, a token that proves no asset.
    BEACON_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "a beacon is at most 4096 bytes"),
    TOKEN_INVALID(
            HttpStatus.FORBIDDEN, "the playback token is not valid for this asset (or too old)"),
    DATABASE_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE, "the database is unavailable; retry in a moment"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");

    private final HttpStatus status;
    private final String code;
    private final String defaultMessage;

    ApiErrorCode(HttpStatus status, String defaultMessage) {
        this.status = status;
        this.code = name().toLowerCase(Locale.ROOT);
        this.defaultMessage = defaultMessage;
    }

    public HttpStatus status() {
        return status;
    }

    /** The wire form, e.g. {@code asset_not_found}. */
    public String code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** This error with its default message. */
    public ApiError error() {
        return new ApiError(this, defaultMessage);
    }

    /** This error with a message that says more about this request. */
    public ApiError error(String message) {
        return new ApiError(this, message);
    }
}
