package so.rend.edge.error;

import so.rend.edgeprotocol.InternalToken;

/**
 * Every error the edge answers, on the playback route and on WebFlux alike, as {@code
 * {"error":{"code":…,"message":…}}}: the codes the README lists for the edge, the internal
 * endpoints' refusals and the framework's fallbacks. Each body is serialized once, when this class
 * loads, so refusing a viewer builds no JSON.
 */
public enum EdgeError {
    // The playback route's own refusals; it also answers method_not_allowed and not_found (below),
    // with messages of its own.
    TOKEN_INVALID(403, "token_invalid", "the playback token is not valid for this asset"),
    TOKEN_EXPIRED(403, "token_expired", "the playback token has expired"),
    ASSET_DELETED(410, "asset_deleted", "the asset has been deleted"),
    ARTIFACT_NOT_FOUND(404, "artifact_not_found", "no such playback artifact"),
    RANGE_NOT_SATISFIABLE(
            416, "range_not_satisfiable", "the requested range is outside the artifact"),
    EDGE_BUSY(503, "edge_busy", "too many artifacts are being fetched from origin; retry shortly"),
    ORIGIN_UNAVAILABLE(
            502, "origin_unavailable", "the origin is unavailable and the artifact is not cached"),
    ORIGIN_TIMEOUT(
            504,
            "origin_timeout",
            "the origin did not answer in time and the artifact is not cached"),

    // The internal endpoints.
    UNAUTHORIZED(
            401,
            "unauthorized",
            "internal endpoints need the internal token ("
                    + InternalToken.HEADER
                    + ", or Authorization: Bearer)"),
    INVALID_REQUEST(400, "invalid_request", "the request is not valid for this endpoint"),

    // What the framework refuses before a handler runs.
    NOT_FOUND(404, "not_found", "no such route"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "this route does not take that method"),
    NOT_ACCEPTABLE(406, "not_acceptable", "this route cannot answer in an accepted media type"),
    BODY_TOO_LARGE(413, "body_too_large", "the request body is too large"),
    UNSUPPORTED_CONTENT_TYPE(415, "unsupported_content_type", "send the body as application/json"),
    INVALID_JSON(400, "invalid_json", "the body is not the JSON object this endpoint takes"),
    INVALID_PATH(400, "invalid_path", "the path is not in its one canonical spelling"),
    INTERNAL_ERROR(500, "internal_error", "the edge could not answer this request");

    private final int status;
    private final String code;
    private final String message;
    private final ErrorBody body;

    EdgeError(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
        this.body = new ErrorBody(this, message);
    }

    public int status() {
        return status;
    }

    /** The machine-readable code: stable, documented in the README. */
    public String code() {
        return code;
    }

    /** The default message, for humans. */
    public String message() {
        return message;
    }

    /** The body with the default message, serialized when this class loaded. */
    public ErrorBody body() {
        return body;
    }

    /**
     * The body with another message. Serializes it: build it once (a constant) where it is sent
     * often.
     */
    public ErrorBody body(String message) {
        return new ErrorBody(this, message);
    }

    /** This error with a particular message, for a WebFlux handler to throw. */
    public EdgeErrorException exception(String message) {
        return new EdgeErrorException(body(message));
    }
}
