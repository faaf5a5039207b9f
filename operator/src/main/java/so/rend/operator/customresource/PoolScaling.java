package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonClassDescription("Scaling of the pool on the number of queued and running media jobs.")
@ValidationRule(
        value = "self.minReplicas <= self.maxReplicas",
        message = "minReplicas must not exceed maxReplicas")
public class PoolScaling {
    @Default("Auto")
    @JsonPropertyDescription(
            "Auto: a KEDA ScaledObject where KEDA is installed, else the operator's built-in scaler.")
    public ScalerKind scaler = ScalerKind.Auto;

    @Default("1")
    @Min(0)
    @Max(1000)
    @JsonPropertyDescription("Fewest workers.")
    public Integer minReplicas = 1;

    @Default("10")
    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Most workers.")
    public Integer maxReplicas = 10;

    @Default("4")
    @Min(1)
    @Max(10000)
    @JsonPropertyDescription(
            "Queued or running jobs per worker: replicas = ceil(depth / jobsPerReplica), within min and max.")
    public Integer jobsPerReplica = 4;

    @Default("300")
    @Min(0)
    @Max(86400)
    @JsonPropertyDescription(
            "Scale down only to the highest replica count recommended within this many seconds.")
    public Integer scaleDownStabilizationSeconds = 300;

    @Default("15")
    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds between queue depth reads.")
    public Integer pollIntervalSeconds = 15;

    public PoolScaling() {}

    public PoolScaling(
            int minReplicas,
            int maxReplicas,
            int jobsPerReplica,
            int scaleDownStabilizationSeconds) {
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
        this.jobsPerReplica = jobsPerReplica;
        this.scaleDownStabilizationSeconds = scaleDownStabilizationSeconds;
    }
}
