package so.rend.worker.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.objectstore.ObjectStoreConfig;

/** The REND_S3_* variables, as the API reads them too. */
@ConfigurationProperties("rend.s3")
public record S3Properties(
        String endpoint,
        String region,
        String bucket,
        String accessKeyId,
        String secretAccessKey,
        boolean forcePathStyle) {

    public ObjectStoreConfig toConfig() {
        return new ObjectStoreConfig(
                blank(endpoint) ? null : URI.create(endpoint),
                region,
                bucket,
                blank(accessKeyId) ? null : accessKeyId,
                blank(secretAccessKey) ? null : secretAccessKey,
                forcePathStyle,
                ObjectStoreConfig.DEFAULT_PART_BYTES);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return toConfig().toString();
    }
}
