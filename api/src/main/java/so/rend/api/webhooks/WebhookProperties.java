package so.rend.api.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook delivery.
 *
 * @param allowedHosts hosts called even when they are internal ({@code REND_WEBHOOK_ALLOWED_HOSTS},
 *     comma-separated, as the URL spells them; the embedded mode allows loopback)
 * @param pollInterval how often an idle delivery loop looks for due deliveries ({@code
 *     REND_WEBHOOK_POLL_MS})
 * @param retryBase the wait after the first failed attempt, doubled after each next one ({@code
 *     REND_WEBHOOK_RETRY_BASE_MS})
 * @param retryMax the longest wait between two attempts ({@code REND_WEBHOOK_RETRY_MAX_SECS})
 * @param retryWindow how long a delivery is retried before it is given up ({@code
 *     REND_WEBHOOK_RETRY_WINDOW_SECS}, 24 hours)
 * @param timeout connect plus answer, per attempt ({@code REND_WEBHOOK_TIMEOUT_SECS})
 */
@ConfigurationProperties("rend.webhooks")
public record WebhookProperties(
        String allowedHosts,
        Duration pollInterval,
        Duration retryBase,
        Duration retryMax,
        Duration retryWindow,
        Duration timeout) {

    public WebhookProperties {
        for (Duration d :
                new Duration[] {pollInterval, retryBase, retryMax, retryWindow, timeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("REND_WEBHOOK_* durations must be positive");
            }
        }
        if (retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException(
                    "REND_WEBHOOK_RETRY_MAX_SECS must be at least REND_WEBHOOK_RETRY_BASE_MS");
        }
    }

    /** How long a claimed delivery stays invisible to other loops: its request and a margin. */
    public Duration lease() {
        return timeout.multipliedBy(2).plusSeconds(5);
    }
}
