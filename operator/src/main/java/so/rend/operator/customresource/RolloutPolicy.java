package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription("How a change of the edge template rolls through the region.")
public class RolloutPolicy {
    @Default("1")
    @Min(1)
    @Max(1000)
    @JsonPropertyDescription(
            "Most edge nodes of the region out of DNS at any instant during a rollout.")
    public Integer maxUnavailable = 1;

    @Default("1")
    @Min(0)
    @Max(1000)
    @JsonPropertyDescription(
            "Fewest edge nodes of the region left serving while one is withdrawn: a region with no more nodes than this waits instead of replacing them (0 lets a one-node region go dark for its rollout).")
    public Integer minServing = 1;

    @Default("true")
    @JsonPropertyDescription("Warm a replaced edge (warmAssets) before it is put back into DNS.")
    public Boolean warmBeforeServe = true;

    @Default("600")
    @Min(10)
    @Max(86400)
    @JsonPropertyDescription(
            "Seconds a replaced edge may take to become ready and warm; past it the rollout pauses with Degraded=True.")
    public Integer nodeTimeoutSeconds = 600;

    @Size(max = 64)
    @JsonPropertyDescription(
            "Assets (ids) a replaced edge is warmed with before it serves again: the region's hot set.")
    public List<@Pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$") String>
            warmAssets = new ArrayList<>();

    @Size(max = 16)
    @JsonPropertyDescription(
            "Artifacts of each warm asset, below videos/<asset_id>/; default opener.mp4 and hls/master.m3u8.")
    public List<String> warmArtifactPaths = new ArrayList<>();

    public RolloutPolicy() {}

    public RolloutPolicy(int maxUnavailable, boolean warmBeforeServe) {
        this.maxUnavailable = maxUnavailable;
        this.warmBeforeServe = warmBeforeServe;
    }
}
