package so.rend.worker.pipeline;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import so.rend.edgefanout.EdgeFanout;
import so.rend.worker.queue.AssetEvents;

/**
 * Places an asset's first bytes on every healthy edge the moment they are published, so the first
 * viewer's requests are hits. Fire-and-forget: warming never delays or fails a job; what the edges
 * answered is recorded as an {@code asset.edge_warmed} lifecycle event.
 */
public class EdgeWarmer {

    public static final String ASSET_EDGE_WARMED = "asset.edge_warmed";
    private static final Logger log = LoggerFactory.getLogger(EdgeWarmer.class);

    private final EdgeFanout fanout;
    private final JdbcTemplate jdbc;

    public EdgeWarmer(EdgeFanout fanout, JdbcTemplate jdbc) {
        this.fanout = fanout;
        this.jdbc = jdbc;
    }

    /** A warmer that does nothing (tests of the pipeline alone). */
    public static EdgeWarmer none() {
        return new EdgeWarmer(null, null) {
            @Override
            public void warm(
                    UUID accountId, UUID assetId, String stage, List<String> artifactPaths) {}
        };
    }

    /**
     * @param stage which publication this follows ({@code opener} or {@code hls})
     * @param artifactPaths paths below {@code videos/<asset_id>/}
     */
    public void warm(UUID accountId, UUID assetId, String stage, List<String> artifactPaths) {
        fanout.warm(assetId, artifactPaths)
                .subscribe(
                        results -> {
                            if (results.isEmpty()) {
                                return;
                            }
                            List<Map<String, Object>> edges =
                                    results.stream()
                                            .map(
                                                    r ->
                                                            Map.<String, Object>of(
                                                                    "edge_id",
                                                                    r.edgeId(),
                                                                    "status",
                                                                    r.status(),
                                                                    "ok",
                                                                    r.ok()))
                                            .toList();
                            try {
                                AssetEvents.append(
                                        jdbc,
                                        accountId,
                                        assetId,
                                        ASSET_EDGE_WARMED,
                                        Map.of(
                                                "stage",
                                                stage,
                                                "artifact_paths",
                                                artifactPaths,
                                                "edges",
                                                edges));
                            } catch (RuntimeException e) {
                                log.warn(
                                        "could not record warming of {}: {}",
                                        assetId,
                                        e.toString());
                            }
                        },
                        error -> log.warn("warming {} failed: {}", assetId, error.toString()));
    }
}
