package so.rend.edgeprotocol;

/** The internal paths one Rend process calls on another. */
public final class InternalRoutes {

    /**
     * On the edge: fill artifacts before anyone asks ({@link CacheRequest} → {@link WarmAnswer}).
     */
    public static final String EDGE_WARM = "/internal/warm";

    /**
     * On the edge: drop cached artifacts, optionally revoke ({@link CacheRequest} → {@link
     * PurgeAnswer}).
     */
    public static final String EDGE_PURGE = "/internal/purge";

    /** On the API: the edge registry, {@code GET} with an optional {@code ?region=}. */
    public static final String EDGES = "/internal/edges";

    /**
     * On the API: an edge registers and stays healthy ({@link Heartbeat} → {@link
     * HeartbeatAnswer}).
     */
    public static final String EDGE_HEARTBEAT = EDGES + "/heartbeat";

    private InternalRoutes() {}

    /** {@code base} (with or without trailing slashes) joined with a route. */
    public static String at(String base, String route) {
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return base.substring(0, end) + route;
    }
}
