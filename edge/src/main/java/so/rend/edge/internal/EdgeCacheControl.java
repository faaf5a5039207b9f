package so.rend.edge.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.edge.cache.Artifacts;
import so.rend.edge.cache.DiskTier;
import so.rend.edge.cache.RamTier;
import so.rend.edge.error.EdgeError;
import so.rend.edge.fill.FillCapExceededException;
import so.rend.edge.fill.FillCoordinator;
import so.rend.edge.revocation.RevokedAssets;
import so.rend.edgeprotocol.CacheRequest;
import so.rend.edgeprotocol.PurgeAnswer;
import so.rend.edgeprotocol.WarmAnswer;
import so.rend.playback.PlaybackPath;

/**
 * The control plane's handles on this edge's cache: warm (fill artifacts before anyone asks) and
 * purge (drop an asset's or a list of artifacts' cached bytes, optionally refusing its tokens).
 * Served only by the internal listener ({@link InternalListenerConfiguration}).
 */
@Component
public class EdgeCacheControl {

    static final int MAX_WARM_PATHS = 64;
    static final int MAX_PURGE_PATHS = 256;
    private static final Duration WARM_TIMEOUT = Duration.ofSeconds(30);

    private final RamTier ram;
    private final DiskTier disk;
    private final FillCoordinator fills;
    private final RevokedAssets revoked;

    public EdgeCacheControl(
            RamTier ram, DiskTier disk, FillCoordinator fills, RevokedAssets revoked) {
        this.revoked = revoked;
        this.ram = ram;
        this.disk = disk;
        this.fills = fills;
    }

    public Mono<WarmAnswer> warm(CacheRequest request) {
        UUID assetId = assetId(request);
        List<String> paths = request.paths();
        if (assetId == null
                || paths.isEmpty()
                || paths.size() > MAX_WARM_PATHS
                || !paths.stream().allMatch(PlaybackPath::isArtifactPath)) {
            return Mono.error(
                    EdgeError.INVALID_REQUEST.exception(
                            "warm needs asset_id and 1-"
                                    + MAX_WARM_PATHS
                                    + " artifact_paths of playback artifacts"));
        }
        return Flux.fromIterable(paths)
                .flatMapSequential(
                        path ->
                                warmOne(assetId, Artifacts.cacheKey(assetId, path))
                                        .map(result -> Map.entry(path, result)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                .map(results -> new WarmAnswer(assetId, results));
    }

    public PurgeAnswer purge(CacheRequest request) {
        UUID assetId = assetId(request);
        List<String> paths = request.paths();
        if (assetId == null
                || paths.size() > MAX_PURGE_PATHS
                || !paths.stream().allMatch(PlaybackPath::isArtifactPath)) {
            throw EdgeError.INVALID_REQUEST.exception(
                    "purge needs asset_id and at most "
                            + MAX_PURGE_PATHS
                            + " artifact_paths of playback artifacts");
        }
        if (request.revokeUntil() != null) {
            try {
                revoked.revokeAll(Map.of(assetId, Instant.parse(request.revokeUntil())));
            } catch (DateTimeParseException e) {
                throw EdgeError.INVALID_REQUEST.exception(
                        "revoke_until must be an ISO-8601 instant");
            }
        }
        int purged = 0;
        if (paths.isEmpty()) {
            String prefix = assetId + "/";
            fills.purgeInFlight(prefix);
            ram.removePrefix(prefix);
            purged = disk.removePrefix(prefix);
        } else {
            for (String path : paths) {
                String key = Artifacts.cacheKey(assetId, path);
                fills.purgeInFlight(key);
                boolean inRam = ram.remove(key);
                purged += disk.remove(key) || inRam ? 1 : 0;
            }
        }
        return new PurgeAnswer(assetId, purged);
    }

    /**
     * A revoked (deleted) asset is never warmed. A purge revokes before it marks fills purged, so
     * the second look after registering the fill closes the race with one arriving meanwhile:
     * either it sees this fill, or this look sees its revocation.
     */
    private Mono<String> warmOne(UUID assetId, String key) {
        if (revoked.isRevoked(assetId)) {
            return Mono.just(WarmAnswer.REVOKED);
        }
        if (ram.get(key) != null || disk.get(key) != null) {
            return Mono.just("cached");
        }
        try {
            Mono<Void> fill = fills.warm(key);
            if (revoked.isRevoked(assetId)) {
                fills.purgeInFlight(key);
                return Mono.just(WarmAnswer.REVOKED);
            }
            return fill.timeout(WARM_TIMEOUT).thenReturn("filled").onErrorReturn("failed");
        } catch (FillCapExceededException e) {
            return Mono.just("busy");
        }
    }

    private static UUID assetId(CacheRequest request) {
        try {
            return request.assetId() == null ? null : UUID.fromString(request.assetId());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
