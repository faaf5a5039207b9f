package so.rend.api.webhooks;

import java.util.Map;
import java.util.Set;
import so.rend.api.errors.ApiError;
import so.rend.api.requests.JsonBodies;
import tools.jackson.databind.JsonNode;

/** The whole numbers webhook routes take, from a one-field JSON body or a query parameter. */
final class RequestNumbers {

    private RequestNumbers() {}

    /** The body {@code {"<name>": n}} with {@code min <= n <= max}; nothing else in it. */
    static long field(byte[] body, String name, long min, long max) {
        JsonNode json = JsonBodies.object(body);
        JsonBodies.onlyFields(json, Set.of(name), "this body has " + name + " only");
        JsonNode value = json.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiError.invalidParameter(name, "a whole number is required");
        }
        return bounded(name, value.longValue(), min, max);
    }

    /** The query parameter {@code name}, or {@code fallback} when it is absent. */
    static long query(Map<String, String> query, String name, long min, long max, long fallback) {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return bounded(name, Long.parseLong(text), min, max);
        } catch (NumberFormatException e) {
            throw ApiError.invalidParameter(name, "a whole number");
        }
    }

    private static long bounded(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw ApiError.invalidParameter(name, "between " + min + " and " + max);
        }
        return value;
    }
}
