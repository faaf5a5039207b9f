package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonClassDescription("The region's GeoDNS record.")
public class RegionDns {
    @Required
    @Size(min = 1, max = 253)
    @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]{2,}$")
    @JsonPropertyDescription(
            "Fully qualified DNS name viewers resolve, e.g. edge.rend.example.com.")
    public String hostname;

    @Default("60")
    @Min(1)
    @Max(86400)
    @JsonPropertyDescription(
            "Record TTL in seconds; short, so a withdrawn edge stops receiving viewers soon.")
    public Integer ttlSeconds = 60;

    public RegionDns() {}

    public RegionDns(String hostname) {
        this.hostname = hostname;
    }
}
