package so.rend.api.assets;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque position in an account's asset list (newest first): the last asset's creation time
 * (microseconds, Postgres's precision) and id, and the {@link AssetFilter#fingerprint()
 * fingerprint} of the filters the list was asked with ({@code null} for none), base64url-encoded.
 */
public record AssetCursor(Instant createdAt, UUID id, String filters) {

    public AssetCursor(Instant createdAt, UUID id) {
        this(createdAt, id, null);
    }

    public static AssetCursor after(Asset asset, AssetFilter filter) {
        return new AssetCursor(asset.createdAt(), asset.id(), filter.fingerprint());
    }

    /** True when this cursor was issued for a list with exactly these filters. */
    public boolean issuedFor(AssetFilter filter) {
        String expected = filter.fingerprint();
        return expected == null ? filters == null : expected.equals(filters);
    }

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        String text = micros + ":" + id + (filters == null ? "" : ":" + filters);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a cursor; {@code null} when it is not one this API issued. */
    public static AssetCursor decode(String cursor) {
        try {
            String text =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = text.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
                return null;
            }
            long micros = Long.parseLong(parts[0]);
            UUID id = AssetIds.parse(parts[1]);
            String filters = parts.length == 3 ? parts[2] : null;
            if (id == null || (filters != null && !filters.matches("[0-9a-f]{16}"))) {
                return null;
            }
            return new AssetCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id, filters);
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            return null;
        }
    }
}
