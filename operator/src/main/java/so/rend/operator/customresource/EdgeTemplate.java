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

@JsonClassDescription(
        "The edge every node of the region runs. Changing it rolls the region node by node.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.port) || !has(self.internalPort) || self.port != self.internalPort",
        message =
                "port and internalPort must differ: viewers and the control plane use separate listeners")
public class EdgeTemplate {
    @Required
    @Size(min = 1, max = 512)
    @Pattern(ImageReference.PINNED)
    @ValidationRule(value = ImageReference.NOT_LATEST, message = ImageReference.NOT_LATEST_MESSAGE)
    @JsonPropertyDescription(
            "Container image of rend-edge, pinned: with a tag other than latest, or a digest"
                    + " (registry/rend/rend-edge:0.1.0, or ...@sha256:<digest>). Changing it rolls the"
                    + " pods.")
    public String image;

    @Default("IfNotPresent")
    @JsonPropertyDescription("Image pull policy of the edge container.")
    public ImagePullPolicy imagePullPolicy = ImagePullPolicy.IfNotPresent;

    @Default("4100")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription(
            "Port the edge listens on, on the host network. The edge runs as a non-root user: a port below 1024 needs the node's net.ipv4.ip_unprivileged_port_start at or below it.")
    public Integer port = 4100;

    @Default("4101")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription(
            "Port of the edge's internal listener (warm, purge, metrics; REND_EDGE_INTERNAL_PORT), on the host network: reachable pod-to-pod only, behind the internal token.")
    public Integer internalPort = 4101;

    @Default("256")
    @Min(0)
    @Max(1048576)
    @JsonPropertyDescription("RAM cache size in MiB (REND_EDGE_RAM_CACHE_BYTES).")
    public Integer ramCacheMiB = 256;

    @Pattern("^https?://.+$")
    @JsonPropertyDescription(
            "Public base URL of the region's edges (REND_EDGE_PUBLIC_URL); default http://<dns.hostname>[:port], https:// with tls.")
    public String publicUrl;

    @JsonPropertyDescription(
            "HTTPS on the public port from a certificate Secret; without it the edges serve plain HTTP.")
    public EdgeTls tls;

    @JsonPropertyDescription("CPU and memory requests and limits of the edge container.")
    public ResourceRequirements resources;

    @Required
    @Pattern("^https?://.+$")
    @JsonPropertyDescription(
            "URL of rend-api's internal listener (port 4001 by default), where the edges register and heartbeat (REND_CONTROL_PLANE_URL).")
    public String controlPlaneUrl;

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription(
            "Secret with keys key-id and secret: the playback signing key (REND_PLAYBACK_SIGNING_KEY_ID, REND_PLAYBACK_SIGNING_SECRET).")
    public String signingSecretName;

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription(
            "Secret whose keys the edge gets as environment variables: its origin, REND_S3_ENDPOINT, REND_S3_REGION, REND_S3_BUCKET, REND_S3_ACCESS_KEY_ID, REND_S3_SECRET_ACCESS_KEY, REND_S3_FORCE_PATH_STYLE, and optionally a backup origin (the same names with REND_EDGE_BACKUP_S3_). Keys that name the edge's identity, port or cache are set by the operator and win over the Secret.")
    public String originSecretName;

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription(
            "Secret with key token: the internal token of the edge's /internal endpoints (REND_INTERNAL_TOKEN); the operator uses it to warm edges.")
    public String internalTokenSecretName;
}
