package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionNodeStatus {
    @JsonPropertyDescription("Kubernetes node name.")
    public String node;

    @JsonPropertyDescription(
            "Rollout phase of the node: Serving, Withdrawn, Replacing, Warming, Unavailable.")
    public String phase;

    @JsonPropertyDescription("Edge template hash of the node's pod.")
    public String podTemplateHash;

    @JsonPropertyDescription("Edge template hash the node was last warmed for.")
    public String warmedTemplateHash;

    @JsonPropertyDescription("When the node entered its phase (RFC 3339).")
    public String since;

    @JsonPropertyDescription("Last warm error, if any.")
    public String lastError;

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
