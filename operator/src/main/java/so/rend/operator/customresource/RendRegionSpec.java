package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

@JsonClassDescription(
        "A delivery region: where its viewers are, its DNS name, the edge template every edge node of the region runs, and how template changes roll out.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RendRegionSpec {
    @Required
    @JsonPropertyDescription("Where the viewers this region serves are; GeoDNS sends them here.")
    public Geography geography;

    @Required
    @JsonPropertyDescription(
            "The GeoDNS name of the region's edges, published as external-dns DNSEndpoint records.")
    public RegionDns dns;

    @Required
    @JsonPropertyDescription(
            "What every edge of the region runs: image, ports, resources, cache, secrets.")
    public EdgeTemplate edge;

    @JsonPropertyDescription("How a change of the edge template rolls through the region's nodes.")
    public RolloutPolicy rollout = new RolloutPolicy();

    @JsonPropertyDescription(
            "Set in the home region only: the control plane (rend-api) Deployment and Service run here.")
    public HomeRegionApi api;
}
