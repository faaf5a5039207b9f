package so.rend.edge.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The edge's settings (all from {@code REND_*} variables; see the README).
 *
 * @param edgeId {@code REND_EDGE_ID}: this edge's name in the registry
 * @param region {@code REND_EDGE_REGION}
 * @param publicUrl {@code REND_EDGE_PUBLIC_URL}: where viewers reach this edge
 * @param internalUrl {@code REND_EDGE_INTERNAL_URL}: where the control plane reaches its internal
 *     listener (an IP address the control plane's {@code REND_EDGE_CALLBACK_ALLOWED_CIDRS} allows)
 * @param internalHost {@code REND_EDGE_INTERNAL_HOST}: the internal listener's address
 * @param internalPort {@code REND_EDGE_INTERNAL_PORT}: the internal listener's port (warm, purge,
 *     metrics; 0 picks one)
 * @param cacheDir {@code REND_EDGE_CACHE_DIR}: the disk tier (NVMe hostPath in production)
 * @param cacheMaxBytes {@code REND_EDGE_CACHE_MAX_BYTES}: disk tier bound
 * @param ramCacheBytes {@code REND_EDGE_RAM_CACHE_BYTES}: RAM tier bound
 * @param ramMaxObjectBytes {@code REND_EDGE_RAM_MAX_OBJECT_BYTES}: largest object the RAM tier
 *     holds
 * @param maxInFlightFills {@code REND_EDGE_MAX_IN_FLIGHT_FILLS}: distinct concurrent origin fills
 *     (≤ 1024)
 * @param originTimeout {@code REND_EDGE_ORIGIN_TIMEOUT_MS}: wait for the origin's first answer, and
 *     longest stall mid-body
 * @param internalToken {@code REND_INTERNAL_TOKEN}: guards /internal/* and /metrics
 * @param controlPlaneUrl {@code REND_CONTROL_PLANE_URL}: the API to register and heartbeat with
 *     (blank: none)
 * @param heartbeatInterval {@code REND_EDGE_HEARTBEAT_SECS}
 */
@ConfigurationProperties("rend.edge")
public record EdgeProperties(
        String edgeId,
        String region,
        String publicUrl,
        String internalUrl,
        String internalHost,
        int internalPort,
        Path cacheDir,
        long cacheMaxBytes,
        long ramCacheBytes,
        long ramMaxObjectBytes,
        int maxInFlightFills,
        Duration originTimeout,
        String internalToken,
        String controlPlaneUrl,
        Duration heartbeatInterval) {

    public static final int HARD_MAX_IN_FLIGHT_FILLS = 1024;

    public EdgeProperties {
        if (maxInFlightFills < 1 || maxInFlightFills > HARD_MAX_IN_FLIGHT_FILLS) {
            throw new IllegalArgumentException(
                    "REND_EDGE_MAX_IN_FLIGHT_FILLS must be between 1 and "
                            + HARD_MAX_IN_FLIGHT_FILLS
                            + ", was "
                            + maxInFlightFills);
        }
        if (cacheMaxBytes <= 0 || ramCacheBytes < 0 || ramMaxObjectBytes < 0) {
            throw new IllegalArgumentException(
                    "edge cache sizes must not be negative (and the disk tier must be > 0)");
        }
        if (internalPort < 0 || internalPort > 65535) {
            throw new IllegalArgumentException("REND_EDGE_INTERNAL_PORT must be a port number");
        }
        if (internalToken == null || internalToken.length() < 8) {
            throw new IllegalArgumentException(
                    "REND_INTERNAL_TOKEN must be set (at least 8 characters)");
        }
    }

    @Override
    public String toString() {
        return "EdgeProperties[edgeId="
                + edgeId
                + ", region="
                + region
                + ", publicUrl="
                + publicUrl
                + ", internalUrl="
                + internalUrl
                + ", internal="
                + internalHost
                + ":"
                + internalPort
                + ", cacheDir="
                + cacheDir
                + ", cacheMaxBytes="
                + cacheMaxBytes
                + ", ramCacheBytes="
                + ramCacheBytes
                + ", maxInFlightFills="
                + maxInFlightFills
                + ", internalToken=<redacted>]";
    }
}
