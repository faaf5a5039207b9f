package so.rend.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API's own settings.
 *
 * @param maxUploadBytes the largest body {@code POST /v1/videos} accepts ({@code
 *     REND_MAX_UPLOAD_BYTES})
 * @param uploadIdleTimeout how long an upload body may send nothing while the API waits for it
 *     before the upload is abandoned ({@code REND_UPLOAD_IDLE_TIMEOUT_SECS})
 * @param maxConcurrentUploads uploads this process takes at once; the next one is refused before
 *     its body is read ({@code REND_MAX_CONCURRENT_UPLOADS})
 * @param devMode seeds the dev account and key; never in production ({@code REND_DEV_MODE})
 * @param devApiKey the key seeded in dev mode ({@code REND_DEV_API_KEY})
 * @param internalHost the internal listener's address ({@code REND_API_INTERNAL_HOST})
 * @param internalPort the internal listener's port ({@code REND_API_INTERNAL_PORT}; 0 picks one)
 * @param deleteGrace how long a deleted asset's objects stay in storage ({@code
 *     REND_DELETE_GRACE_SECS})
 */
@ConfigurationProperties("rend.api")
public record ApiProperties(
        long maxUploadBytes,
        Duration uploadIdleTimeout,
        int maxConcurrentUploads,
        boolean devMode,
        String devApiKey,
        Duration deleteGrace,
        String internalHost,
        int internalPort) {

    public ApiProperties {
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException(
                    "REND_MAX_UPLOAD_BYTES must be positive, was " + maxUploadBytes);
        }
        if (uploadIdleTimeout == null
                || uploadIdleTimeout.isNegative()
                || uploadIdleTimeout.isZero()) {
            throw new IllegalArgumentException("REND_UPLOAD_IDLE_TIMEOUT_SECS must be positive");
        }
        if (maxConcurrentUploads <= 0) {
            throw new IllegalArgumentException(
                    "REND_MAX_CONCURRENT_UPLOADS must be positive, was " + maxConcurrentUploads);
        }
        if (devMode && (devApiKey == null || devApiKey.isBlank())) {
            throw new IllegalArgumentException("REND_DEV_API_KEY must be set in dev mode");
        }
        if (internalPort < 0 || internalPort > 65535) {
            throw new IllegalArgumentException("REND_API_INTERNAL_PORT must be a port number");
        }
        if (deleteGrace == null || deleteGrace.isNegative()) {
            throw new IllegalArgumentException("REND_DELETE_GRACE_SECS must not be negative");
        }
    }

    @Override
    public String toString() {
        return "ApiProperties[maxUploadBytes="
                + maxUploadBytes
                + ", uploadIdleTimeout="
                + uploadIdleTimeout
                + ", maxConcurrentUploads="
                + maxConcurrentUploads
                + ", devMode="
                + devMode
                + ", deleteGrace="
                + deleteGrace
                + ", internal="
                + internalHost
                + ":"
                + internalPort
                + "]";
    }
}
