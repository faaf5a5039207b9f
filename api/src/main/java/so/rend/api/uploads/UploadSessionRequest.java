package so.rend.api.uploads;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import so.rend.api.assets.MetadataPatch;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /v1/uploads}, checked: the origin browsers send from ({@code *} for any),
 * the session's life, the largest body, the new asset's metadata (as JSON, checked like {@code
 * PATCH /v1/assets/{id}}).
 */
record UploadSessionRequest(
        String corsOrigin, Duration timeout, long maxBytes, String newAssetMetadataJson) {

    static final int MAX_BYTES = 16 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS =
            Set.of("cors_origin", "timeout_secs", "max_bytes", "new_asset_settings");

    static UploadSessionRequest parse(byte[] body, UploadsProperties properties, long uploadLimit) {
        JsonNode root;
        try {
            root = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiErrorCode.INVALID_JSON.error("the body is not a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw ApiErrorCode.INVALID_JSON.error("the body is not a JSON object");
        }
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw ApiError.invalidParameter(
                        "body", "unknown field; the fields are " + String.join(", ", FIELDS));
            }
        }
        String origin = origin(root.path("cors_origin"));
        long timeoutSecs =
                number(
                        root.path("timeout_secs"),
                        properties.defaultTimeout().toSeconds(),
                        "timeout_secs");
        if (timeoutSecs < 1 || timeoutSecs > properties.maxTimeout().toSeconds()) {
            throw ApiError.invalidParameter(
                    "timeout_secs", "between 1 and " + properties.maxTimeout().toSeconds());
        }
        long maxBytes = number(root.path("max_bytes"), uploadLimit, "max_bytes");
        if (maxBytes < 1 || maxBytes > uploadLimit) {
            throw ApiError.invalidParameter(
                    "max_bytes", "between 1 and the upload limit, " + uploadLimit);
        }
        JsonNode settings = root.path("new_asset_settings");
        String metadata = "{}";
        if (!settings.isMissingNode() && !settings.isNull()) {
            MetadataPatch.of(settings, "new_asset_settings");
            metadata = JSON.writeValueAsString(settings);
        }
        return new UploadSessionRequest(
                origin, Duration.ofSeconds(timeoutSecs), maxBytes, metadata);
    }

    private static long number(JsonNode node, long fallback, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiError.invalidParameter(name, "a whole number");
        }
        return node.longValue();
    }

    /**
     * {@code *}, or an origin as browsers send it: {@code http(s)://host[:port]}, no path; kept in
     * lower case with a default port dropped, as the Origin header spells it.
     */
    static String origin(JsonNode node) {
        if (!node.isString()) {
            throw ApiError.invalidParameter(
                    "cors_origin", "required: the origin browsers upload from, or \"*\"");
        }
        String value = node.asString().trim();
        if (value.equals("*")) {
            return value;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare =
                    (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                            && uri.getRawQuery() == null
                            && uri.getRawFragment() == null
                            && uri.getRawUserInfo() == null;
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || !bare) {
                throw new URISyntaxException(value, "not an origin");
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") ? port == 80 : port == 443);
            return scheme
                    + "://"
                    + uri.getHost().toLowerCase(Locale.ROOT)
                    + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            throw ApiError.invalidParameter(
                    "cors_origin", "an origin such as https://app.example.com (no path), or \"*\"");
        }
    }
}
