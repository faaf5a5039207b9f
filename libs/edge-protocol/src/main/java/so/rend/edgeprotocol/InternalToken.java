package so.rend.edgeprotocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret Rend's own processes present to each other's internal endpoints ({@code
 * REND_INTERNAL_TOKEN}), in the {@value #HEADER} header. Compared in constant time; an empty secret
 * matches nothing, so internal endpoints stay closed when none is configured.
 */
public final class InternalToken {

    /** The one spelling of the header, for every process that sends or checks it. */
    public static final String HEADER = "x-rend-internal-token";

    private final byte[] secret;

    public InternalToken(String secret) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The value to send in {@link #HEADER}. */
    public String value() {
        return new String(secret, StandardCharsets.UTF_8);
    }

    public boolean configured() {
        return secret.length > 0;
    }

    /** Whether {@code presented} (a header value, possibly null) is this token. */
    public boolean matches(String presented) {
        return secret.length > 0
                && presented != null
                && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret);
    }

    @Override
    public String toString() {
        return configured() ? "InternalToken[set]" : "InternalToken[none]";
    }
}
