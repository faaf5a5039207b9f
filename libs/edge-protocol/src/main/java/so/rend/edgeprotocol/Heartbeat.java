package so.rend.edgeprotocol;

/**
 * What an edge says about itself on {@link InternalRoutes#EDGE_HEARTBEAT}. Its id is its Kubernetes
 * node name under the operator, so up to {@value #MAX_EDGE_ID_LENGTH} characters.
 *
 * @param publicUrl where viewers reach it
 * @param internalUrl its internal listener (warm, purge, metrics): a callback target the control
 *     plane sends the internal token to, so it must name an allowed address ({@link
 *     CallbackTargets})
 * @param revocationsAfter the {@link HeartbeatAnswer#revocationsCursor()} of its last answer, or
 *     {@code null} when it has none (first start): deletions after it come back in the answer
 */
public record Heartbeat(
        String edgeId,
        String region,
        String publicUrl,
        String internalUrl,
        String version,
        Long revocationsAfter) {

    public static final int MAX_EDGE_ID_LENGTH = 253;
}
