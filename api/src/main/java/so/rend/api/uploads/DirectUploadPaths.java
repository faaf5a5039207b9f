package so.rend.api.uploads;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import so.rend.api.auth.ApiKeys;

/**
 * A direct upload's URL, {@code /v1/direct-uploads/<session id>/<token>}: the token (32 random
 * bytes, base64url) is the capability, so the path is public only in exactly this spelling (lower
 * case id, canonical token, nothing before or after). Only the token's SHA-256 is stored, compared
 * in constant time, and paths are redacted before they reach a log.
 */
public final class DirectUploadPaths {

    public static final String PREFIX = "/v1/direct-uploads/";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern EXACT =
            Pattern.compile(
                    "/v1/direct-uploads/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
                            + "/([A-Za-z0-9_-]{43})");

    /** Everything after the route's name, in any spelling: an odd one may carry a token too. */
    private static final Pattern TOKEN_IN_PATH = Pattern.compile("(?i)(direct-uploads)[^?#]*");

    private DirectUploadPaths() {}

    /** A session's id and token, as its URL carries them. */
    public record Capability(UUID sessionId, String token) {}

    /** The capability a public path names, or null when the path is not one in its one spelling. */
    public static Capability parse(String path) {
        Matcher m = EXACT.matcher(path);
        if (!m.matches()) {
            return null;
        }
        return new Capability(UUID.fromString(m.group(1)), m.group(2));
    }

    public static boolean isPublic(String path) {
        return EXACT.matcher(path).matches();
    }

    /** A new token: 256 bits from the platform's secure random source. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hash(String token) {
        return ApiKeys.sha256(token);
    }

    /** Whether {@code token} hashes to {@code stored}, in time independent of where they differ. */
    static boolean matches(String token, byte[] stored) {
        return MessageDigest.isEqual(hash(token), stored);
    }

    static String path(UUID sessionId, String token) {
        return PREFIX + sessionId + "/" + token;
    }

    /**
     * A path fit for a log line: whatever follows {@code direct-uploads} replaced by {@code ***}.
     */
    public static String redacted(String path) {
        return TOKEN_IN_PATH.matcher(path).replaceAll("$1/***");
    }
}
