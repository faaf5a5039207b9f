package so.rend.api.assets;

import java.util.UUID;

/** Asset ids as they appear in paths and query strings: canonical 36-character UUIDs. */
public final class AssetIds {

    private AssetIds() {}

    /** The id, or {@code null} when {@code text} is not a canonical UUID. */
    public static UUID parse(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
