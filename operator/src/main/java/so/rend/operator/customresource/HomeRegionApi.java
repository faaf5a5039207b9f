package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription("The control plane (rend-api) hosted in this region, for the home region.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HomeRegionApi {
    @Required
    @Size(min = 1, max = 512)
    @Pattern(ImageReference.PINNED)
    @ValidationRule(value = ImageReference.NOT_LATEST, message = ImageReference.NOT_LATEST_MESSAGE)
    @JsonPropertyDescription(
            "Container image of rend-api, pinned: with a tag other than latest, or a digest"
                    + " (registry/rend/rend-api:0.1.0, or ...@sha256:<digest>). Changing it rolls the"
                    + " pods.")
    public String image;

    @Default("IfNotPresent")
    @JsonPropertyDescription("Image pull policy of the API container.")
    public ImagePullPolicy imagePullPolicy = ImagePullPolicy.IfNotPresent;

    @Default("2")
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("API replicas.")
    public Integer replicas = 2;

    @Default("4000")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port the API listens on.")
    public Integer port = 4000;

    @Default("4001")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription(
            "Port of rend-api's internal listener: edge registry, heartbeats, metrics (REND_API_INTERNAL_PORT). Edges' controlPlaneUrl points here.")
    public Integer internalPort = 4001;

    @JsonPropertyDescription("CPU and memory requests and limits of an API replica.")
    public ResourceRequirements resources;

    @JsonPropertyDescription(
            "Secrets whose keys the API gets as environment variables (database, object store, signing keys...).")
    public List<String> envFromSecrets = new ArrayList<>();
}
