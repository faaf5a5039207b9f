package so.rend.api.assets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import so.rend.api.assets.AssetMetadata.Field;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A change to an asset's metadata as JSON merge patch (RFC 7396) reads it: a field that is absent
 * is kept, {@code null} clears it, a value replaces it ({@code tags} as a whole list). The same
 * object, without the clearing, is the metadata an upload starts with. Unknown fields are refused
 * rather than ignored, so a misspelt {@code externalId} is not silently lost.
 */
public record MetadataPatch(Map<Field, Object> changes) {

    /** The upload's metadata header. */
    public static final String HEADER = "X-Rend-Metadata";

    public static final MetadataPatch EMPTY = new MetadataPatch(Map.of());

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public MetadataPatch {
        EnumMap<Field, Object> copy = new EnumMap<>(Field.class);
        copy.putAll(changes);
        changes = Collections.unmodifiableMap(copy);
    }

    /**
     * The metadata an upload starts with, from its {@value #HEADER} header: the same JSON object as
     * a PATCH body, on one line. Header values are bytes, not text, so the header is printable
     * ASCII and anything else is written as JSON's {@code \\uXXXX} escapes; a header in any other
     * form is refused rather than guessed at.
     */
    public static MetadataPatch fromHeader(List<String> values) {
        if (values == null || values.isEmpty()) {
            return EMPTY;
        }
        if (values.size() > 1) {
            throw ApiError.invalidParameter(HEADER, "send the header once");
        }
        String value = values.get(0);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw ApiError.invalidParameter(
                        HEADER, "printable ASCII only; write other characters as JSON \\u escapes");
            }
        }
        return parse(value, HEADER);
    }

    /** Parses and checks a JSON object's text; 400 on anything else. */
    public static MetadataPatch parse(String json, String what) {
        return parse(json.getBytes(StandardCharsets.UTF_8), what);
    }

    /** Parses and checks a JSON object's bytes (UTF-8; malformed UTF-8 is refused). */
    public static MetadataPatch parse(byte[] json, String what) {
        JsonNode body;
        try {
            body = JSON.readTree(json);
        } catch (JacksonException e) {
            throw ApiErrorCode.INVALID_JSON.error(what + " is not a JSON object");
        }
        return of(body, what);
    }

    /** Checks a parsed JSON object. */
    public static MetadataPatch of(JsonNode body, String what) {
        if (body == null || !body.isObject()) {
            throw ApiErrorCode.INVALID_JSON.error(what + " is not a JSON object");
        }
        Map<Field, Object> changes = new EnumMap<>(Field.class);
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            Field field = Field.of(entry.getKey());
            if (field == null) {
                throw ApiError.invalidParameter(
                        printable(entry.getKey()),
                        "unknown field; the metadata fields are title, external_id, creator_id,"
                                + " passthrough and tags");
            }
            changes.put(field, value(field, entry.getValue()));
        }
        return new MetadataPatch(changes);
    }

    public Set<Field> fields() {
        return changes.keySet();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The new value of a field in this patch: a String, a List of tags, or null to clear. */
    public Object value(Field field) {
        return changes.get(field);
    }

    /** The metadata of a new asset: this patch applied to none. */
    public AssetMetadata asCreated() {
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) changes.get(Field.TAGS);
        return new AssetMetadata(
                (String) changes.get(Field.TITLE),
                (String) changes.get(Field.EXTERNAL_ID),
                (String) changes.get(Field.CREATOR_ID),
                (String) changes.get(Field.PASSTHROUGH),
                tags);
    }

    private static Object value(Field field, JsonNode node) {
        if (node.isNull()) {
            return field == Field.TAGS ? List.of() : null;
        }
        if (field == Field.TAGS) {
            if (!node.isArray()) {
                throw ApiError.invalidParameter("tags", "must be an array of strings or null");
            }
            List<String> tags = new ArrayList<>();
            for (JsonNode tag : node) {
                if (!tag.isString()) {
                    throw ApiError.invalidParameter("tags", "every tag is a string");
                }
                tags.add(tag.asString());
            }
            return AssetMetadata.tags(tags);
        }
        if (!node.isString()) {
            throw ApiError.invalidParameter(field.wireName(), "must be a string or null");
        }
        return field.text(node.asString());
    }

    /** An unknown field's name as an error message may quote it: short, printable ASCII. */
    private static String printable(String name) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return shown.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
