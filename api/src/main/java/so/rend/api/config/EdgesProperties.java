package so.rend.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.edgeprotocol.CallbackTargets;
import so.rend.edgeprotocol.InternalToken;

/**
 * How the API reaches and trusts Rend's edges.
 *
 * @param healthyWithin an edge is healthy while its last heartbeat is this recent ({@code
 *     REND_EDGE_HEALTHY_SECS}): warm, purge and revocations go to healthy edges
 * @param purgeUrl where purges go when no edge is registered ({@code REND_EDGE_PURGE_URL})
 * @param internalToken the token of internal endpoints, both ways ({@code REND_INTERNAL_TOKEN})
 * @param callbackAllowedCidrs the addresses an edge's internal URL may name, as the API sends the
 *     token there ({@code REND_EDGE_CALLBACK_ALLOWED_CIDRS}; blank: loopback and private ranges)
 */
@ConfigurationProperties("rend.edges")
public record EdgesProperties(
        Duration healthyWithin,
        String purgeUrl,
        String internalToken,
        String callbackAllowedCidrs) {

    public EdgesProperties {
        CallbackTargets.parse(callbackAllowedCidrs);
    }

    public InternalToken token() {
        return new InternalToken(internalToken);
    }

    public CallbackTargets callbackTargets() {
        return CallbackTargets.parse(callbackAllowedCidrs);
    }

    @Override
    public String toString() {
        return "EdgesProperties[healthyWithin="
                + healthyWithin
                + ", purgeUrl="
                + purgeUrl
                + ", internalToken="
                + token()
                + ", callbackAllowedCidrs="
                + callbackTargets()
                + "]";
    }
}
