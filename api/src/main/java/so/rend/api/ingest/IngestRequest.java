package so.rend.api.ingest;

import java.util.Iterator;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of {@code POST /v1/videos} that asks Rend to fetch a video: exactly {@code
 * {"input": {"url": "https://…"}}}, nothing else, so a misspelt field is an error rather than
 * silently ignored.
 */
public final class IngestRequest {

    /** Far more than any URL this API takes (2048 characters) needs. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private IngestRequest() {}

    /**
     * The URL the body names; {@code invalid_json} or {@code invalid_parameter} when it names none.
     */
    public static String url(byte[] body) {
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
        if (root == null || !root.isObject() || !onlyField(root, "input")) {
            throw ApiErrorCode.INVALID_JSON.error(
                    "the body is {\"input\": {\"url\": \"https://…\"}} and nothing else");
        }
        JsonNode input = root.get("input");
        if (!input.isObject() || !onlyField(input, "url") || !input.get("url").isString()) {
            throw ApiErrorCode.INVALID_PARAMETER.error(
                    "input: {\"url\": \"https://…\"} and nothing else");
        }
        return input.get("url").asString();
    }

    private static boolean onlyField(JsonNode node, String name) {
        Iterator<String> names = node.propertyNames().iterator();
        return names.hasNext() && name.equals(names.next()) && !names.hasNext();
    }
}
