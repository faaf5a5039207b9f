package so.rend.playback;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named HMAC key. Edges accept several at once so the signing key can rotate without downtime:
 * sign with the new key while the old one is still accepted, then drop the old one once the longest
 * token it signed has expired.
 */
public record PlaybackKey(String id, byte[] secret) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final int MIN_SECRET_BYTES = 16;

    public PlaybackKey {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "a playback key id is 1-32 characters of A-Z a-z 0-9 _ -");
        }
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            // Never echo the secret.
            throw new IllegalArgumentException(
                    "the playback signing secret of key "
                            + id
                            + " must be at least "
                            + MIN_SECRET_BYTES
                            + " bytes");
        }
        secret = secret.clone();
    }

    public static PlaybackKey of(String id, String secret) {
        return new PlaybackKey(id, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses {@code kid:secret,kid2:secret2} (blank means none), the form of {@code
     * REND_PLAYBACK_ACCEPTED_KEYS}.
     */
    public static List<PlaybackKey> parseList(String keys) {
        List<PlaybackKey> parsed = new ArrayList<>();
        if (keys == null || keys.isBlank()) {
            return parsed;
        }
        for (String entry : keys.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(
                        "accepted playback keys are kid:secret pairs separated by commas");
            }
            parsed.add(of(trimmed.substring(0, colon), trimmed.substring(colon + 1)));
        }
        return parsed;
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "PlaybackKey[id=" + id + ", secret=<redacted>]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlaybackKey other
                && other.id.equals(id)
                && Arrays.equals(other.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
