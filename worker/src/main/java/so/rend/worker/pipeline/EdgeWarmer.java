package so.rend.worker.pipeline;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import so.rend.assetevents.AssetEventType;
import so.rend.edgefanout.EdgeFanout;
import so.rend.edgefanout.EdgeFanout.EdgeResult;
import so.rend.worker.queue.AssetEventLog;

/**
 * Places an asset's first bytes on every healthy edge the moment they are published, so the first
 * viewer's requests are hits. Fire-and-forget: warming never delays or fails a job; what the edges
 * answered is recorded as an {@code asset.edge_warmed} lifecycle event, unless the asset was
 * deleted meanwhile.
 */
final class EdgeWarmer {

    private static final Logger log = LoggerFactory.getLogger(EdgeWarmer.class);

    private final EdgeFanout fanout;
    private final AssetEventLog events;

    EdgeWarmer(EdgeFanout fanout, AssetEventLog events) {
        this.fanout = fanout;
        this.events = events;
    }

    /**
     * @param stage which publication this follows ({@code opener} or {@code hls})
     * @param artifactPaths paths below {@code videos/<asset_id>/}
     */
    void warm(UUID accountId, UUID assetId, String stage, List<String> artifactPaths) {
        fanout.warm(assetId, artifactPaths)
                .subscribe(
                        results -> record(accountId, assetId, stage, artifactPaths, results),
                        error -> log.warn("warming {} failed: {}", assetId, error.toString()));
    }

    private void record(
            UUID accountId,
            UUID assetId,
            String stage,
            List<String> artifactPaths,
            List<EdgeResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<Map<String, Object>> edges = EdgeFanout.describe(results);
        try {
            // The asset may have been deleted while the edges answered: then no event, so none
            // follows its asset.deleted (the edges refuse to warm a revoked asset anyway).
            if (!events.appendUnlessDeleted(
                    accountId,
                    assetId,
                    AssetEventType.ASSET_EDGE_WARMED,
                    Map.of("stage", stage, "artifact_paths", artifactPaths, "edges", edges))) {
                log.info("not recording warming of {}: it was deleted", assetId);
            }
        } catch (RuntimeException e) {
            log.warn("could not record warming of {}: {}", assetId, e.toString());
        }
    }
}
