package so.rend.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.edgeprotocol.InternalToken;

/**
 * How the API reaches and trusts Rend's edges.
 *
 * @param healthyWithin an edge is healthy while its last heartbeat is this recent ({@code
 *     REND_EDGE_HEALTHY_SECS}): warm, purge and revocations go to healthy edges
 * @param purgeUrl where purges go when no edge is registered ({@code REND_EDGE_PURGE_URL})
 * @param internalToken the token of internal endpoints, both ways ({@code REND_INTERNAL_TOKEN})
 */
@ConfigurationProperties("rend.edges")
public record EdgesProperties(Duration healthyWithin, String purgeUrl, String internalToken) {

    public InternalToken token() {
        return new InternalToken(internalToken);
    }

    @Override
    public String toString() {
        return "EdgesProperties[healthyWithin="
                + healthyWithin
                + ", purgeUrl="
                + purgeUrl
                + ", internalToken="
                + token()
                + "]";
    }
}
