package so.rend.edgeprotocol;

/**
 * What an edge says about itself on {@link InternalRoutes#EDGE_HEARTBEAT}. Its id is its Kubernetes
 * node name under the operator, so up to {@value #MAX_EDGE_ID_LENGTH} characters.
 */
public record Heartbeat(
        String edgeId, String region, String publicUrl, String internalUrl, String version) {

    public static final int MAX_EDGE_ID_LENGTH = 253;
}
