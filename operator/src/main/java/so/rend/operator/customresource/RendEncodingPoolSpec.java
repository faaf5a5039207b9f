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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonClassDescription(
        "The rend-worker Deployment of the pool and how it scales on the media job queue.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RendEncodingPoolSpec {
    @Required
    @Size(min = 1, max = 512)
    @Pattern(ImageReference.PINNED)
    @ValidationRule(value = ImageReference.NOT_LATEST, message = ImageReference.NOT_LATEST_MESSAGE)
    @JsonPropertyDescription(
            "Container image of rend-worker, pinned: with a tag other than latest, or a digest"
                    + " (registry/rend/rend-worker:0.1.0, or ...@sha256:<digest>). Changing it rolls the"
                    + " pods.")
    public String image;

    @Default("IfNotPresent")
    @JsonPropertyDescription("Image pull policy of the worker container.")
    public ImagePullPolicy imagePullPolicy = ImagePullPolicy.IfNotPresent;

    @JsonPropertyDescription("CPU and memory requests and limits of a worker.")
    public ResourceRequirements resources;

    @JsonPropertyDescription(
            "Node labels a worker must be scheduled on, e.g. nodes with many cores for ffmpeg.")
    public Map<String, String> nodeSelector = new LinkedHashMap<>();

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription(
            "Secret with key url: the Postgres URL (postgresql://user:pass@host:5432/db) of the queue; the worker gets it as REND_DATABASE_URL, the scaler reads the queue depth with it.")
    public String databaseSecretName;

    @JsonPropertyDescription(
            "Further Secrets whose keys the worker gets as environment variables (object store, signing keys...).")
    public List<String> envFromSecrets = new ArrayList<>();

    @Min(1)
    @Max(64)
    @JsonPropertyDescription(
            "Media jobs one worker runs at once (REND_WORKER_CONCURRENCY); unset: the worker's default (1).")
    public Integer concurrency;

    @JsonPropertyDescription("ffmpeg settings of the worker.")
    public FfmpegSettings ffmpeg = new FfmpegSettings();

    @JsonPropertyDescription("Scaling on the queue depth.")
    public PoolScaling scaling = new PoolScaling();
}
