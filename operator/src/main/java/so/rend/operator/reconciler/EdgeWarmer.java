package so.rend.operator.reconciler;

import java.util.List;

/** Warms a freshly replaced edge before it is listed in DNS again. */
@FunctionalInterface
public interface EdgeWarmer {
    /**
     * Has the edge fetch one asset's artifacts into its caches.
     *
     * @param address the edge's address (its pod IP: edges run on the host network)
     * @param artifactPaths paths below {@code videos/<asset_id>/}
     * @throws Exception when the edge did not confirm the warm-up
     */
    void warm(
            String address,
            int port,
            String internalToken,
            String assetId,
            List<String> artifactPaths)
            throws Exception;
}
