package so.rend.api.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ingest from a URL.
 *
 * @param allowedHosts hosts fetched from even when they are internal ({@code
 *     REND_INGEST_ALLOWED_HOSTS}, comma-separated, as the URL spells them)
 * @param maxBytes the largest body fetched ({@code REND_INGEST_MAX_BYTES})
 * @param connectTimeout per connection ({@code REND_INGEST_CONNECT_TIMEOUT_SECS})
 * @param readTimeout the longest wait for an answer or for the next bytes of its body ({@code
 *     REND_INGEST_READ_TIMEOUT_SECS})
 * @param totalTimeout the whole download, redirects included ({@code REND_INGEST_TIMEOUT_SECS})
 */
@ConfigurationProperties("rend.ingest")
public record IngestProperties(
        String allowedHosts,
        long maxBytes,
        Duration connectTimeout,
        Duration readTimeout,
        Duration totalTimeout) {

    public IngestProperties {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("REND_INGEST_MAX_BYTES must be positive");
        }
        for (Duration d : new Duration[] {connectTimeout, readTimeout, totalTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("REND_INGEST_*_SECS must be positive");
            }
        }
    }
}
