package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class ScaleRecommendation {
    @JsonPropertyDescription("When it was made (RFC 3339).")
    public String at;

    @JsonPropertyDescription("Replicas recommended by the queue depth then.")
    public Integer replicas;

    public ScaleRecommendation() {}

    public ScaleRecommendation(String at, int replicas) {
        this.at = at;
        this.replicas = replicas;
    }
}
