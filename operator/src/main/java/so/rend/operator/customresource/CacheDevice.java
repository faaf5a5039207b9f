package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonClassDescription("One cache root on the node's local NVMe/disk.")
public class CacheDevice {
    /**
     * The edge evicts files under its cache root until usage fits, so a root on a system directory
     * would delete the node's own files: the API server refuses those, and any "." or ".." segment
     * (which could lead anywhere). A dedicated directory on a data disk is what belongs here.
     */
    @Required
    @Size(max = 255)
    @Pattern("^/[^\\s]*$")
    @ValidationRule(
            value = "!self.matches('(^|/)[.][.]?(/|$)')",
            message = "a cache path has no '.' or '..' segments")
    @ValidationRule(
            value =
                    "!self.matches('^/+((etc|proc|sys|dev|boot|bin|sbin|lib|lib32|lib64|libx32|usr|root|run)(/.*)?"
                            + "|var/lib/(kubelet|containerd|docker|etcd|cni|rancher)(/.*)?"
                            + "|(var|var/lib|var/run|var/log|home|opt|srv|mnt|tmp|media)?/*)$')",
            message =
                    "a cache path must be a dedicated directory, not a system directory (/etc, /usr,"
                            + " /var/lib, /var/lib/kubelet, ...) or a top-level one")
    @JsonPropertyDescription(
            "Absolute host path of the cache root, a dedicated directory, e.g. /mnt/nvme0/rend."
                    + " System directories and '.'/'..' segments are refused.")
    public String path;

    @Required
    @Min(1)
    @Max(1048576)
    @JsonPropertyDescription("Bytes the edge may use under this root, in GiB.")
    public Integer sizeGiB;

    public CacheDevice() {}

    public CacheDevice(String path, int sizeGiB) {
        this.path = path;
        this.sizeGiB = sizeGiB;
    }
}
