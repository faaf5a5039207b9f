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

    @JsonPropertyDescription(
            "While the node is out of DNS (Withdrawn, Leaving): the DNSEndpoint (uid/generation) the operator first wrote without it.")
    public String dnsWithdrawnIn;

    @JsonPropertyDescription(
            "While the node is out of DNS: when the record TTL's drain began counting (RFC 3339): when external-dns was first seen to have observed dnsWithdrawnIn (status.observedGeneration), or, if it did not within the bound, when the operator stopped waiting for it.")
    public String dnsDrainSince;

    @JsonPropertyDescription(
            "What dnsDrainSince is from: ExternalDnsObserved, ExternalDnsSilent (external-dns did not report within the bound) or NoExternalDns (its CRD is not installed).")
    public String dnsDrainBasis;

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
