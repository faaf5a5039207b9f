package so.rend.playback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed playback tokens: {@code <key id>.<expiry, epoch seconds>.<HMAC-SHA256, base64url>} over
 * the key id, the asset id and the expiry. A token names no path, so one token opens an asset's
 * master playlist and every rendition playlist and segment below it; carried as a path prefix
 * ({@code /p/<token>/<asset>/hls/master.m3u8}) relative playlist URIs inherit it. The parser is
 * strict and allocation-light and never throws on bad input.
 */
public final class PlaybackTokens {

    /** Longer than any token this class issues; anything longer is refused unread. */
    public static final int MAX_TOKEN_LENGTH = 96;

    private static final int SIGNATURE_BYTES = 32;
    private static final int SIGNATURE_CHARS = 43;
    private static final int MAX_EXPIRY_DIGITS = 12;
    private static final String DOMAIN = "rend.playback.v1";

    private final PlaybackKey signingKey;
    private final Map<String, PlaybackKey> accepted;
    private final Clock clock;

    /**
     * An initialised Mac per key and thread: getting and keying one costs more than the HMAC
     * itself.
     */
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);

    /**
     * @param signingKey the key new tokens are signed with (always accepted too); may be {@code
     *     null} for a verifier only
     * @param acceptedKeys further keys whose tokens are still accepted (rotation)
     */
    public PlaybackTokens(PlaybackKey signingKey, List<PlaybackKey> acceptedKeys, Clock clock) {
        this.signingKey = signingKey;
        this.clock = clock;
        Map<String, PlaybackKey> keys = new HashMap<>();
        for (PlaybackKey key : acceptedKeys) {
            keys.put(key.id(), key);
        }
        if (signingKey != null) {
            keys.put(signingKey.id(), signingKey);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one playback key is needed");
        }
        this.accepted = Map.copyOf(keys);
    }

    /** A token for {@code assetId} valid for {@code ttl} from now (rounded up to the second). */
    public SignedToken issue(UUID assetId, Duration ttl) {
        if (signingKey == null) {
            throw new IllegalStateException("this instance only verifies tokens");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        long expiry = clock.instant().plus(ttl).getEpochSecond() + 1;
        byte[] signature = sign(signingKey, assetId, expiry);
        String token =
                signingKey.id()
                        + "."
                        + expiry
                        + "."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        return new SignedToken(token, Instant.ofEpochSecond(expiry));
    }

    /** Checks {@code token} for {@code assetId} now. */
    public TokenVerdict verify(String token, UUID assetId) {
        if (token == null
                || assetId == null
                || token.isEmpty()
                || token.length() > MAX_TOKEN_LENGTH) {
            return TokenVerdict.MALFORMED;
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot < 1 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            return TokenVerdict.MALFORMED;
        }
        String keyId = token.substring(0, firstDot);
        String expiryText = token.substring(firstDot + 1, secondDot);
        String signatureText = token.substring(secondDot + 1);
        if (!PlaybackKey.ID.matcher(keyId).matches()) {
            return TokenVerdict.MALFORMED;
        }
        long expiry = parseExpiry(expiryText);
        if (expiry < 0) {
            return TokenVerdict.MALFORMED;
        }
        byte[] presented = decodeSignature(signatureText);
        if (presented == null) {
            return TokenVerdict.MALFORMED;
        }
        PlaybackKey key = accepted.get(keyId);
        if (key == null) {
            return TokenVerdict.UNKNOWN_KEY;
        }
        if (!MessageDigest.isEqual(presented, sign(key, assetId, expiry))) {
            return TokenVerdict.BAD_SIGNATURE;
        }
        return clock.instant().getEpochSecond() < expiry
                ? TokenVerdict.VALID
                : TokenVerdict.EXPIRED;
    }

    /** Digits only, no sign, no leading zero, at most 12 of them; -1 when not so. */
    private static long parseExpiry(String text) {
        int n = text.length();
        if (n == 0 || n > MAX_EXPIRY_DIGITS || (n > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The 32 signature bytes of a canonical unpadded base64url text, or {@code null}. */
    private static byte[] decodeSignature(String text) {
        if (text.length() != SIGNATURE_CHARS) {
            return null;
        }
        for (int i = 0; i < SIGNATURE_CHARS; i++) {
            char c = text.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z')
                            || (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || c == '-'
                            || c == '_';
            if (!ok) {
                return null;
            }
        }
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        // Refuse non-canonical spellings (stray low bits in the last character).
        if (bytes.length != SIGNATURE_BYTES
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text)) {
            return null;
        }
        return bytes;
    }

    private byte[] sign(PlaybackKey key, UUID assetId, long expiry) {
        Mac mac = macs.get().computeIfAbsent(key.id(), id -> newMac(key));
        return mac.doFinal(
                (DOMAIN + "|" + key.id() + "|" + assetId + "|" + expiry)
                        .getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac newMac(PlaybackKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
