package so.rend.api.idempotency;

import java.security.MessageDigest;

/**
 * What makes two creates "the same request": the route, the content type, the body's length and the
 * SHA-256 of its bytes. Before a streamed body is read only its head is known (length -1 when it is
 * chunked); {@link #sha256} is then {@code null}.
 */
public record RequestFingerprint(String route, String contentType, long length, byte[] sha256) {

    /** The part known before the body is read. */
    public static RequestFingerprint head(String route, String contentType, long declaredLength) {
        return new RequestFingerprint(
                route, contentType == null ? "" : contentType, declaredLength, null);
    }

    public RequestFingerprint withBody(long bodyLength, byte[] bodySha256) {
        return new RequestFingerprint(route, contentType, bodyLength, bodySha256);
    }

    /**
     * Whether what is known of both may be one request: same route and content type, the same
     * length where both know it, the same body digest where both know it.
     */
    public boolean mayMatch(RequestFingerprint other) {
        if (!route.equals(other.route) || !contentType.equals(other.contentType)) {
            return false;
        }
        if (length >= 0 && other.length >= 0 && length != other.length) {
            return false;
        }
        return sha256 == null
                || other.sha256 == null
                || MessageDigest.isEqual(sha256, other.sha256);
    }
}
