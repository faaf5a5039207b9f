package so.rend.api.uploads;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Direct upload sessions and their tus endpoint.
 *
 * @param publicUrl the API's address as browsers reach it, for the sessions' {@code url} ({@code
 *     REND_API_PUBLIC_URL}; empty: the address the create request came to)
 * @param defaultTimeout a session's life when the create names no {@code timeout_secs} ({@code
 *     REND_UPLOAD_SESSION_TIMEOUT_SECS})
 * @param maxTimeout the longest {@code timeout_secs} a create may ask for ({@code
 *     REND_UPLOAD_SESSION_MAX_TIMEOUT_SECS})
 * @param partBytes the size of the S3 parts a tus upload is cut into; smaller client chunks are
 *     staged in Postgres until a part is full ({@code REND_TUS_PART_BYTES}, at least 5 MiB, S3's
 *     smallest part)
 * @param writerLease how long one PATCH holds an upload before another may take it, renewed with
 *     every part ({@code REND_TUS_WRITER_LEASE_SECS}); the wait after an API crashed mid-PATCH
 */
@ConfigurationProperties("rend.uploads")
public record UploadsProperties(
        String publicUrl,
        Duration defaultTimeout,
        Duration maxTimeout,
        int partBytes,
        Duration writerLease) {

    static final int MIN_PART_BYTES = 5 * 1024 * 1024;

    public UploadsProperties {
        publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException(
                    "REND_TUS_PART_BYTES must be at least "
                            + MIN_PART_BYTES
                            + ", was "
                            + partBytes);
        }
        for (Duration d : new Duration[] {defaultTimeout, maxTimeout, writerLease}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(
                        "REND_UPLOAD_SESSION_*_SECS and REND_TUS_WRITER_LEASE_SECS must be positive");
            }
        }
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException(
                    "REND_UPLOAD_SESSION_TIMEOUT_SECS must not exceed REND_UPLOAD_SESSION_MAX_TIMEOUT_SECS");
        }
    }

    /** {@code path} as an absolute URL: on {@code publicUrl}, or where {@code request} came to. */
    String absolute(ServerHttpRequest request, String path) {
        if (!publicUrl.isEmpty()) {
            return publicUrl + path;
        }
        URI uri = request.getURI();
        return uri.getScheme() + "://" + uri.getRawAuthority() + path;
    }
}
