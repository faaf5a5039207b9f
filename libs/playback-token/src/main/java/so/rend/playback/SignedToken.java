package so.rend.playback;

import java.time.Instant;

/** A token and the moment it stops working. */
public record SignedToken(String token, Instant expiresAt) {

    @Override
    public String toString() {
        return "SignedToken[token=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
