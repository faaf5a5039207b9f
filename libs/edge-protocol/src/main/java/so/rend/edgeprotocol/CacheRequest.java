package so.rend.edgeprotocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The body of {@link InternalRoutes#EDGE_WARM} and {@link InternalRoutes#EDGE_PURGE}. Fields stay
 * strings on the wire so the edge can refuse a bad value with its own message.
 *
 * @param assetId the asset
 * @param artifactPaths artifacts below {@code videos/<asset_id>/}; for purge, empty means all
 * @param revokeUntil purge only: refuse the asset's tokens until then (ISO-8601; it was deleted)
 */
public record CacheRequest(String assetId, List<String> artifactPaths, String revokeUntil) {

    public static CacheRequest warm(UUID assetId, List<String> artifactPaths) {
        return new CacheRequest(assetId.toString(), List.copyOf(artifactPaths), null);
    }

    public static CacheRequest purge(UUID assetId, List<String> artifactPaths) {
        return new CacheRequest(assetId.toString(), List.copyOf(artifactPaths), null);
    }

    public static CacheRequest purgeAndRevoke(UUID assetId, Instant revokeUntil) {
        return new CacheRequest(assetId.toString(), List.of(), revokeUntil.toString());
    }

    public List<String> paths() {
        return artifactPaths == null ? List.of() : artifactPaths;
    }
}
