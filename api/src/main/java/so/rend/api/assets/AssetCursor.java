package so.rend.api.assets;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque position in an account's asset list (newest first): the last asset's creation time
 * (microseconds, Postgres's precision) and id, base64url-encoded.
 */
public record AssetCursor(Instant createdAt, UUID id) {

    public static AssetCursor after(Asset asset) {
        return new AssetCursor(asset.createdAt(), asset.id());
    }

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a cursor; {@code null} when it is not one this API issued. */
    public static AssetCursor decode(String cursor) {
        try {
            String text =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            if (colon < 1) {
                return null;
            }
            long micros = Long.parseLong(text.substring(0, colon));
            return new AssetCursor(
                    Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                    UUID.fromString(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
