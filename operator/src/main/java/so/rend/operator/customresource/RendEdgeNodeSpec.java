package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription(
        "Which node serves as an edge, in which region, with which caches and public addresses.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RendEdgeNodeSpec {
    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the Kubernetes Node (metadata.name) this edge runs on.")
    public String nodeName;

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(min = 1, max = 63)
    @JsonPropertyDescription("Name of the RendRegion (same namespace) this edge serves.")
    public String region;

    @Size(max = 16)
    @JsonPropertyDescription(
            "NVMe/disk cache roots on the node. The edge keeps its state (disk cache, revocations, telemetry spool) in the directory rend-edge under the first, a hostPath volume mounted at /var/lib/rend-edge and given to the edge's non-root user (uid 10001) by the pod's init container; the first device's size bounds the cache (REND_EDGE_CACHE_MAX_BYTES). Nodes of a region may differ: each cache layout (first device's path and size) runs in its own DaemonSet, so one node's layout changes no other node's pod. A changed path under a ready edge would start it on an empty disk cache, so it waits (the region shows Degraded/CacheLayoutMismatch) until this RendEdgeNode is annotated rend.so/approve-cache-path=<the new path>, then rolls like a new template.")
    public List<CacheDevice> cacheDevices = new ArrayList<>();

    @Required
    @Size(min = 1, max = 8)
    @JsonPropertyDescription(
            "Public IPv4/IPv6 addresses viewers reach this edge on; published in GeoDNS while the edge is ready.")
    public List<String> publicAddresses = new ArrayList<>();

    @Default("false")
    @JsonPropertyDescription(
            "Taint the node (rend.so/edge=true:NoSchedule) so that only edges are scheduled there.")
    public Boolean dedicated = false;

    public RendEdgeNodeSpec() {}

    public RendEdgeNodeSpec(
            String nodeName,
            String region,
            List<CacheDevice> cacheDevices,
            List<String> publicAddresses) {
        this.nodeName = nodeName;
        this.region = region;
        this.cacheDevices = new ArrayList<>(cacheDevices);
        this.publicAddresses = new ArrayList<>(publicAddresses);
    }
}
