package so.rend.api.ingest;

import java.util.Iterator;
import java.util.List;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of {@code POST /v1/videos} that asks Rend to fetch a video: {@code {"input":
 * {"url": "https://…"}}} and optionally the new asset's {@code "metadata"} (as {@code PATCH
 * /v1/assets/<id>} takes it), nothing else, so a misspelt field is an error rather than silently
 * ignored.
 *
 * @param metadata the {@code metadata} object, or null without one
 */
public record IngestRequest(String url, JsonNode metadata) {

    /** Far more than any URL this API takes (2048 characters) needs. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * The URL the body names and its metadata; {@code invalid_json} or {@code invalid_parameter}
     * when it names none.
     */
    public static IngestRequest of(byte[] body) {
        if (body.length == 0) {
            throw ApiErrorCode.EMPTY_BODY.error();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiErrorCode.INVALID_JSON.error(
                    "the body is not a JSON object {\"input\": {\"url\": …}}");
        }
        if (root == null
                || !root.isObject()
                || !root.has("input")
                || !fieldsIn(root, "input", "metadata")) {
            throw ApiErrorCode.INVALID_JSON.error(
                    "the body is {\"input\": {\"url\": \"https://…\"}} and optionally"
                            + " \"metadata\", nothing else");
        }
        JsonNode input = root.get("input");
        if (!input.isObject() || !onlyField(input, "url") || !input.get("url").isString()) {
            throw ApiErrorCode.INVALID_PARAMETER.error(
                    "input: {\"url\": \"https://…\"} and nothing else");
        }
        JsonNode metadata = root.get("metadata");
        return new IngestRequest(input.get("url").asString(), metadata);
    }

    private static boolean fieldsIn(JsonNode node, String... allowed) {
        Iterator<String> names = node.propertyNames().iterator();
        while (names.hasNext()) {
            if (!List.of(allowed).contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyField(JsonNode node, String name) {
        Iterator<String> names = node.propertyNames().iterator();
        return names.hasNext() && name.equals(names.next()) && !names.hasNext();
    }
}
