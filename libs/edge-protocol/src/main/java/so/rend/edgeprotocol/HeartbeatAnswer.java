package so.rend.edgeprotocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The control plane's answer to a heartbeat: the deleted assets whose tokens may still be out
 * there, so an edge that was down when an asset was deleted catches up.
 */
public record HeartbeatAnswer(String status, String edgeId, List<Revocation> revokedAssets) {

    /** Refuse {@code assetId}'s tokens until {@code until}. */
    public record Revocation(UUID assetId, Instant until) {}

    public static HeartbeatAnswer registered(String edgeId, List<Revocation> revokedAssets) {
        return new HeartbeatAnswer("registered", edgeId, revokedAssets);
    }
}
