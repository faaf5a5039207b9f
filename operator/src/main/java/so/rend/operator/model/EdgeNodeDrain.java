package so.rend.operator.model;

import java.time.Duration;
import java.time.Instant;

/**
 * When a RendEdgeNode being deleted may release its Node (and so let the DaemonSet controller end
 * its edge pod): only after its region has taken it out of DNS, external-dns has taken the records
 * without it, and one record TTL has passed ({@link DnsDrain}), so resolvers stop sending viewers
 * there before the edge goes. Bounded, so a region that never reconciles cannot hold a node
 * forever.
 */
public final class EdgeNodeDrain {
    /** The longest a removal waits for its region, whatever the TTL. */
    static final Duration MIN_BOUND = Duration.ofMinutes(5);

    public enum Outcome {
        /** Out of DNS for a TTL. */
        Drained,
        /** No region (deleted, or never created): nothing sends viewers to the edge. */
        NoRegion,
        /** The region does not list the node (it never served). */
        NotInRegion,
        /** The bound passed before the region reported the node drained. */
        TimedOut,
        /** Not yet: ask again after {@link Decision#recheckIn()}. */
        Waiting
    }

    public record Decision(Outcome outcome, Duration recheckIn, String message) {
        public boolean release() {
            return outcome != Outcome.Waiting;
        }
    }

    /**
     * What the region says of the node; {@code since} is when its DNS drain began (null: not yet).
     */
    public record RegionView(
            boolean exists, boolean knowsNode, String phase, Instant since, boolean listedInDns) {}

    private EdgeNodeDrain() {}

    public static Decision decide(
            RegionView region, Duration ttl, Instant deletionRequested, Instant now) {
        if (!region.exists()) {
            return new Decision(Outcome.NoRegion, Duration.ZERO, "no region: released at once");
        }
        if (!region.knowsNode()) {
            return new Decision(
                    Outcome.NotInRegion, Duration.ZERO, "not in the region's rollout: released");
        }
        // Longer than the region's own wait for external-dns and the drain after it.
        Duration regionsWait = DnsDrain.bound(ttl).plus(ttl).plus(Duration.ofMinutes(1));
        Duration bound = regionsWait.compareTo(MIN_BOUND) > 0 ? regionsWait : MIN_BOUND;
        if (!deletionRequested.plus(bound).isAfter(now)) {
            return new Decision(
                    Outcome.TimedOut,
                    Duration.ZERO,
                    "the region did not report the edge drained within " + bound.toSeconds() + "s");
        }
        boolean withdrawn =
                RegionRollout.Phase.Leaving.name().equals(region.phase()) && !region.listedInDns();
        if (!withdrawn) {
            return new Decision(
                    Outcome.Waiting,
                    Duration.ofSeconds(1),
                    "waiting for the region to withdraw it");
        }
        if (region.since() == null) {
            return new Decision(
                    Outcome.Waiting,
                    Duration.ofSeconds(1),
                    "out of DNS; waiting for external-dns to take the records without it");
        }
        Instant drained = region.since().plus(ttl);
        if (drained.isAfter(now)) {
            return new Decision(
                    Outcome.Waiting,
                    Duration.between(now, drained),
                    "out of DNS; draining for the record TTL");
        }
        return new Decision(Outcome.Drained, Duration.ZERO, "out of DNS for the record TTL");
    }
}
