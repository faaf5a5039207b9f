package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionNodeStatus {
    @JsonPropertyDescription("Kubernetes node name.")
    public String node;

    @JsonPropertyDescription(
            "Rollout phase of the node: Serving, Outdated (waiting its turn, still in DNS), Withdrawn (out of DNS, its pod replaced once DNS has drained), Replacing, Warming, Leaving (its RendEdgeNode is being deleted: out of DNS, released once DNS has drained).")
    public String phase;

    @JsonPropertyDescription("Edge template hash of the node's pod.")
    public String podTemplateHash;

    @JsonPropertyDescription("Edge template hash the node was last warmed for.")
    public String warmedTemplateHash;

    @JsonPropertyDescription("When the node entered its phase (RFC 3339).")
    public String since;

    @JsonPropertyDescription("Last warm error, if any.")
    public String lastError;

    @JsonPropertyDescription(
            "While the edge is being warmed (in the background): how many of the region's warm assets it holds, e.g. 3/10 assets.")
    public String warmProgress;

    public RegionNodeStatus() {}

    public RegionNodeStatus(
            String node,
            String phase,
            String podTemplateHash,
            String warmedTemplateHash,
            String since) {
        this.node = node;
        this.phase = phase;
        this.podTemplateHash = podTemplateHash;
        this.warmedTemplateHash = warmedTemplateHash;
        this.since = since;
    }
}
