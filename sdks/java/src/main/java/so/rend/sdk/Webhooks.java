package so.rend.sdk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the {@code rend-signature} header of a webhook request: {@code t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + body)>}, with one {@code v1} per signing secret while a rotation
 * overlaps. Pass the body's raw bytes as received, before any JSON parsing.
 */
public final class Webhooks {

    /** How far {@code t} may be from the clock before a request is refused as a replay. */
    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    private Webhooks() {}

    /** {@link #verify(byte[], String, String, Instant, Duration)} now, with {@link #TOLERANCE}. */
    public static boolean verify(byte[] body, String signatureHeader, String secret) {
        return verify(body, signatureHeader, secret, Instant.now(), TOLERANCE);
    }

    /**
     * Whether {@code signatureHeader} signs {@code body} with {@code secret} at a {@code t} within
     * {@code tolerance} of {@code now}. Every {@code v1} is compared in constant time.
     */
    public static boolean verify(
            byte[] body, String signatureHeader, String secret, Instant now, Duration tolerance) {
        if (signatureHeader == null) {
            return false;
        }
        Long t = null;
        List<String> signatures = new ArrayList<>();
        for (String part : signatureHeader.split(",")) {
            String item = part.trim();
            if (item.startsWith("t=")) {
                try {
                    t = Long.parseLong(item.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (item.startsWith("v1=")) {
                signatures.add(item.substring(3));
            }
        }
        if (t == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, t, body).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String signature : signatures) {
            match |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    private static String hmac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
