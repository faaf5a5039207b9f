package so.rend.operator.model;

import so.rend.operator.customresource.EdgeTemplate;

/**
 * Every name, label and annotation the operator gives to objects; nobody builds these strings
 * elsewhere.
 */
public final class ResourceNames {
    public static final String APP_NAME_LABEL = "app.kubernetes.io/name";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "rend-operator";

    public static final String EDGE_APP = "rend-edge";
    public static final String API_APP = "rend-api";
    public static final String WORKER_APP = "rend-worker";

    public static final String REGION_LABEL = "rend.so/region";
    public static final String POOL_LABEL = "rend.so/encoding-pool";

    /** Label on edge pods: the hash of the edge template the pod was created from. */
    public static final String EDGE_TEMPLATE_HASH_LABEL = "rend.so/edge-template-hash";

    /**
     * On a RendEdgeNode: the cache path its edge may be moved to (its ready pod runs another one):
     * the move starts the edge on an empty disk cache, so it waits for this.
     */
    public static final String APPROVE_CACHE_PATH_ANNOTATION = "rend.so/approve-cache-path";

    /** On edge DaemonSets and their pods: the cache layout (see {@code CacheLayout}) they run. */
    public static final String EDGE_CACHE_LAYOUT_LABEL = "rend.so/edge-cache-layout";

    /** Annotation the resource writer compares to skip writes of unchanged objects. */
    public static final String DESIRED_HASH_ANNOTATION = "rend.so/desired-hash";

    /**
     * {@code "true"} on a RendRegion stops the operator from changing anything of it (DaemonSet,
     * DNS, pods, the control plane) until it is removed; the status says so. Strimzi's {@code
     * strimzi.io/pause-reconciliation}.
     */
    public static final String PAUSE_ANNOTATION = "rend.so/pause-reconciliation";

    /** Labels and taint the RendEdgeNode reconciler puts on a Kubernetes Node. */
    public static final String NODE_EDGE_LABEL = "rend.so/edge";

    public static final String NODE_REGION_LABEL = "rend.so/region";
    public static final String NODE_EDGE_TAINT = "rend.so/edge";

    public static final String EDGE_CONTAINER = "edge";
    public static final String WORKER_CONTAINER = "worker";
    public static final String API_CONTAINER = "api";

    public static final String SIGNING_KEY_ID_KEY = "key-id";
    public static final String SIGNING_SECRET_KEY = "secret";
    public static final String INTERNAL_TOKEN_KEY = "token";

    /** The keys of a Secret of type kubernetes.io/tls. */
    public static final String TLS_CERT_KEY = "tls.crt";

    public static final String TLS_KEY_KEY = "tls.key";

    /**
     * The name of the edge's public port: it says the protocol to whoever reads it (a mesh, say).
     */
    static String edgePublicPortName(EdgeTemplate edge) {
        return edge.tls != null ? "https" : "http";
    }

    public static final String DATABASE_URL_KEY = "url";

    public static final String DNS_ENDPOINT_API_VERSION = "externaldns.k8s.io/v1alpha1";
    public static final String DNS_ENDPOINT_KIND = "DNSEndpoint";
    public static final String DNS_ENDPOINT_CRD = "dnsendpoints.externaldns.k8s.io";
    public static final String SCALED_OBJECT_API_VERSION = "keda.sh/v1alpha1";
    public static final String SCALED_OBJECT_KIND = "ScaledObject";
    public static final String SCALED_OBJECT_CRD = "scaledobjects.keda.sh";

    private ResourceNames() {}

    /** The edge DaemonSet of one cache layout of a region. */
    public static String edgeDaemonSet(String region, String cacheLayout) {
        return region + "-edge-" + cacheLayout;
    }

    public static String apiDeployment(String region) {
        return region + "-api";
    }

    public static String apiService(String region) {
        return region + "-api";
    }

    public static String edgeService(String region) {
        return region + "-edge";
    }

    public static String dnsEndpoint(String region) {
        return region + "-geodns";
    }

    public static String workerDeployment(String pool) {
        return pool + "-worker";
    }

    public static String scaledObject(String pool) {
        return pool + "-worker";
    }

    /**
     * GeoDNS set identifier: unique per region and location, as Route 53 geolocation records
     * require.
     */
    public static String dnsSetIdentifier(String region, String location) {
        return region + "-" + location.toLowerCase(java.util.Locale.ROOT);
    }

    public static String edgePodSelector(String region) {
        return APP_NAME_LABEL + "=" + EDGE_APP + "," + REGION_LABEL + "=" + region;
    }
}
