package so.rend.operator.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonClassDescription("One cache root on the node's local NVMe/disk.")
public class CacheDevice {
    @Required
    @Pattern("^/[^\\s]*$")
    @JsonPropertyDescription("Absolute host path of the cache root, e.g. /mnt/nvme0/rend.")
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
