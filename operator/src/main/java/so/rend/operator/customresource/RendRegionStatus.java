package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RendRegionStatus {
    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Conditions Ready, Progressing and Degraded.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Hash of the edge template the region is rolling to (or runs).")
    public String templateHash;

    @JsonPropertyDescription("Edge nodes of the region.")
    public Integer desiredNodes;

    @JsonPropertyDescription("Edge nodes whose pod is ready.")
    public Integer readyNodes;

    @JsonPropertyDescription("Edge nodes currently published in DNS.")
    public Integer nodesInDns;

    @JsonPropertyDescription("Edge nodes running the current template.")
    public Integer updatedNodes;

    @JsonPropertyDescription("Ready rend-api replicas, when the region hosts the control plane.")
    public Integer apiReadyReplicas;

    @JsonPropertyDescription("Nodes being replaced or warmed right now.")
    public List<String> nodesInFlight = new ArrayList<>();

    @JsonPropertyDescription(
            "Per-node rollout state; it is what lets a restarted operator resume a rollout.")
    public List<RegionNodeStatus> nodes = new ArrayList<>();
}
