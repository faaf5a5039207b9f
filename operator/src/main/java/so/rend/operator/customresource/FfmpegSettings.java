package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonClassDescription("ffmpeg settings of a worker.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FfmpegSettings {
    @Default("1800")
    @Min(1)
    @Max(86400)
    @JsonPropertyDescription(
            "Seconds one ffmpeg/ffprobe run may take before it is killed (REND_MEDIA_PROCESS_TIMEOUT_SECS).")
    public Integer processTimeoutSeconds = 1800;

    @Pattern("^/.+$")
    @JsonPropertyDescription(
            "ffmpeg in the worker image (REND_FFMPEG_PATH); unset: the worker's bundled build.")
    public String ffmpegPath;

    @Pattern("^/.+$")
    @JsonPropertyDescription(
            "ffprobe in the worker image (REND_FFPROBE_PATH); unset: the worker's bundled build.")
    public String ffprobePath;
}
