package so.rend.api.assets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import so.rend.api.errors.ApiError;

/**
 * What a developer attaches to an asset: a title, their own ids for the video and its creator, an
 * opaque passthrough string and free tags. Every value that reaches a record has passed {@link
 * Field#text} or {@link #tags}: bounded in Unicode code points (as Mux counts characters), and free
 * of control characters and lone surrogates. The ids and tags, which people match on and which end
 * up in other systems' keys, refuse invisible format characters (bidi overrides, zero-width
 * joiners) and surrounding whitespace too. Values are kept as sent, not normalised.
 */
public record AssetMetadata(
        String title, String externalId, String creatorId, String passthrough, List<String> tags) {

    public static final AssetMetadata NONE = new AssetMetadata(null, null, null, null, List.of());

    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 64;

    public AssetMetadata {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The metadata fields, with their wire names and bounds. */
    public enum Field {
        TITLE(512, false),
        EXTERNAL_ID(128, true),
        CREATOR_ID(128, true),
        PASSTHROUGH(255, false),
        TAGS(MAX_TAGS, true);

        private final int max;
        private final boolean identifier;
        private final String wireName;

        Field(int max, boolean identifier) {
            this.max = max;
            this.identifier = identifier;
            this.wireName = name().toLowerCase(Locale.ROOT);
        }

        public String wireName() {
            return wireName;
        }

        /** The column in {@code rend.assets}: the wire name. */
        public String column() {
            return wireName;
        }

        /** The field named {@code wireName}, or {@code null}. */
        public static Field of(String wireName) {
            for (Field field : values()) {
                if (field.wireName.equals(wireName)) {
                    return field;
                }
            }
            return null;
        }

        /** A text field's value, checked; {@code null} stays {@code null} (absent or cleared). */
        public String text(String value) {
            if (value != null) {
                check(wireName, value, max, identifier);
            }
            return value;
        }
    }

    /**
     * Tags, checked, with repeats dropped (the first spelling's place kept): a tag is a label, so
     * {@code ["a", "a"]} means {@code ["a"]}. Matching is exact and case-sensitive.
     */
    public static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiError.invalidParameter("tags", "at most " + MAX_TAGS + " tags");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag == null) {
                throw ApiError.invalidParameter("tags", "a tag is a string, not null");
            }
            check("tags", tag, MAX_TAG_LENGTH, true);
            unique.add(tag);
        }
        return new ArrayList<>(unique);
    }

    /** One tag given as a list filter: the rules of a stored tag. */
    public static String tag(String tag) {
        check("tag", tag, MAX_TAG_LENGTH, true);
        return tag;
    }

    static void check(String name, String value, int max, boolean identifier) {
        if (value.isEmpty()) {
            throw ApiError.invalidParameter(name, "must not be empty (null clears it)");
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            throw ApiError.invalidParameter(
                    name, "at most " + max + " characters (got " + length + ")");
        }
        value.codePoints()
                .forEach(
                        cp -> {
                            if (refused(cp, identifier)) {
                                throw ApiError.invalidParameter(
                                        name,
                                        String.format(
                                                Locale.ROOT,
                                                "must not contain U+%04X (control, format or"
                                                        + " unpaired surrogate characters)",
                                                cp));
                            }
                        });
        if (identifier
                && (Character.isWhitespace(value.codePointAt(0))
                        || Character.isWhitespace(value.codePointBefore(value.length())))) {
            throw ApiError.invalidParameter(name, "must not start or end with whitespace");
        }
    }

    private static boolean refused(int cp, boolean identifier) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.SURROGATE,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR ->
                    true;
            case Character.FORMAT -> identifier;
            default -> false;
        };
    }
}
