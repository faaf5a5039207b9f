package so.rend.edgeprotocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The control plane's answer to a heartbeat: the deletions since the edge's cursor whose tokens may
 * still be out there, at most {@link #MAX_REVOCATIONS} of them, so an edge that was away catches up
 * page by page. The edge keeps {@code revocationsCursor} and sends it back as {@link
 * Heartbeat#revocationsAfter()}; {@code moreRevocations} says another page is waiting now. Both are
 * absent in answers of control planes older than the cursor (the edge then keeps none).
 */
public record HeartbeatAnswer(
        String status,
        String edgeId,
        List<Revocation> revokedAssets,
        Long revocationsCursor,
        Boolean moreRevocations) {

    public static final int MAX_REVOCATIONS = 1000;

    /** Refuse {@code assetId}'s tokens until {@code until}. */
    public record Revocation(UUID assetId, Instant until) {}

    public boolean more() {
        return Boolean.TRUE.equals(moreRevocations);
    }

    public static HeartbeatAnswer registered(
            String edgeId, List<Revocation> revokedAssets, long cursor, boolean more) {
        return new HeartbeatAnswer("registered", edgeId, revokedAssets, cursor, more);
    }
}
