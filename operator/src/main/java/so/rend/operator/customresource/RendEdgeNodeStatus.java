package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RendEdgeNodeStatus {
    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Whether the named Kubernetes Node exists.")
    public Boolean nodeFound;

    @JsonPropertyDescription("Whether the region's edge pod on this node is ready.")
    public Boolean edgePodReady;

    @JsonPropertyDescription("Name of the edge pod on this node, if any.")
    public String edgePod;

    @JsonPropertyDescription(
            "Whether rend-api (the region's controlPlaneUrl) has a heartbeat from this edge within its healthy window (REND_EDGE_HEALTHY_SECS), so warm, purge and revocations reach it. The edge's id is the node name. While the control plane cannot be asked, the last answer stays (unset if there never was one) and the Ready condition's message says so.")
    public Boolean registered;

    @JsonPropertyDescription(
            "The edge's last heartbeat as the control plane last reported it (RFC 3339).")
    public String lastHeartbeatAt;

    @JsonPropertyDescription("Bytes in the edge's disk cache, as its /readyz last reported.")
    public Long cacheDiskBytes;

    @JsonPropertyDescription("Bytes in the edge's RAM cache, as its /readyz last reported.")
    public Long cacheRamBytes;

    @JsonPropertyDescription("When the edge last reported its cache usage (RFC 3339).")
    public String cacheReportedAt;

    @JsonPropertyDescription("Conditions Ready, Progressing and Degraded.")
    public List<Condition> conditions = new ArrayList<>();
}
