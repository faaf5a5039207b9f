package so.rend.api.webhooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import so.rend.api.errors.ApiError;
import so.rend.api.requests.JsonBodies;
import so.rend.assetevents.AssetEventType;
import tools.jackson.databind.JsonNode;

/**
 * The body of a create or a patch of a webhook endpoint: {@code url}, {@code event_types} (empty:
 * every type) and {@code enabled}. A field that is absent is {@code null} (kept by a patch).
 * Unknown fields, unknown event types and values of the wrong type are refused, never ignored.
 */
public record WebhookChange(String url, List<String> eventTypes, Boolean enabled) {

    static final int MAX_URL_LENGTH = 2048;
    private static final Set<String> FIELDS = Set.of("url", "event_types", "enabled");
    private static final Set<String> EVENT_TYPES =
            Arrays.stream(AssetEventType.values())
                    .map(AssetEventType::wireName)
                    .collect(Collectors.toUnmodifiableSet());

    /** Parses a body; 400 {@code invalid_json} or {@code invalid_parameter} on anything else. */
    public static WebhookChange parse(byte[] json) {
        JsonNode body = JsonBodies.object(json);
        JsonBodies.onlyFields(body, FIELDS, "a webhook has url, event_types and enabled");
        return new WebhookChange(
                url(body.get("url")), types(body.get("event_types")), enabled(body));
    }

    private static String url(JsonNode url) {
        if (url == null) {
            return null;
        }
        if (!url.isString() || url.asString().isEmpty()) {
            throw ApiError.invalidParameter("url", "a non-empty string");
        }
        if (url.asString().length() > MAX_URL_LENGTH) {
            throw ApiError.invalidParameter("url", "at most " + MAX_URL_LENGTH + " characters");
        }
        return url.asString();
    }

    private static List<String> types(JsonNode types) {
        if (types == null) {
            return null;
        }
        if (!types.isArray() || types.size() > EVENT_TYPES.size()) {
            throw ApiError.invalidParameter(
                    "event_types", "a list of at most " + EVENT_TYPES.size() + " event types");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode type : types) {
            if (!type.isString() || !EVENT_TYPES.contains(type.asString())) {
                throw ApiError.invalidParameter(
                        "event_types", "unknown event type; see EventType in the API spec");
            }
            out.add(type.asString());
        }
        return new ArrayList<>(out);
    }

    private static Boolean enabled(JsonNode body) {
        JsonNode enabled = body.get("enabled");
        if (enabled == null) {
            return null;
        }
        if (!enabled.isBoolean()) {
            throw ApiError.invalidParameter("enabled", "true or false");
        }
        return enabled.booleanValue();
    }
}
