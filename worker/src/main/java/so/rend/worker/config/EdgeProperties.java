package so.rend.worker.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import so.rend.edgeprotocol.CallbackTargets;

/**
 * How the worker reaches the edges to warm them.
 *
 * @param internalToken {@code REND_INTERNAL_TOKEN}: the edges' x-rend-internal-token
 * @param healthyWithin {@code REND_EDGE_HEALTHY_SECS}: an edge whose last heartbeat is older is
 *     skipped
 * @param warmUrl {@code REND_EDGE_WARM_URL}: where to warm when no edge is registered (blank:
 *     nowhere)
 * @param callbackAllowedCidrs {@code REND_EDGE_CALLBACK_ALLOWED_CIDRS}: the addresses a registered
 *     edge's internal URL may name (blank: loopback and private ranges)
 */
@ConfigurationProperties("rend.edges")
public record EdgeProperties(
        String internalToken,
        @DurationUnit(ChronoUnit.SECONDS) Duration healthyWithin,
        String warmUrl,
        String callbackAllowedCidrs) {

    public EdgeProperties {
        CallbackTargets.parse(callbackAllowedCidrs);
    }

    /** Where the internal token may be sent: registered edges outside it are skipped. */
    public CallbackTargets callbackTargets() {
        return CallbackTargets.parse(callbackAllowedCidrs);
    }

    @Override
    public String toString() {
        return "EdgeProperties[internalToken=<redacted>, healthyWithin="
                + healthyWithin
                + ", warmUrl="
                + warmUrl
                + ", callbackAllowedCidrs="
                + callbackTargets()
                + "]";
    }
}
