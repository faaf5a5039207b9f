package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RendEncodingPoolStatus {
    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Conditions Ready, Progressing and Degraded.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Who scales the pool: keda or builtin.")
    public String scaler;

    @JsonPropertyDescription("Queued plus running media jobs at the last read (built-in scaler).")
    public Long queueDepth;

    @JsonPropertyDescription("Replicas the pool is set to.")
    public Integer replicas;

    @JsonPropertyDescription("Ready workers.")
    public Integer readyReplicas;

    @JsonPropertyDescription(
            "Recent replica recommendations (built-in scaler), kept for the scale-down stabilization window.")
    public List<ScaleRecommendation> recommendations = new ArrayList<>();
}
