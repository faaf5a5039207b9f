package so.rend.api.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.objectstore.ObjectStoreConfig;

/** The {@code REND_S3_*} settings; see {@link ObjectStoreConfig}. */
@ConfigurationProperties("rend.s3")
public record ObjectStoreProperties(
        String endpoint,
        String region,
        String bucket,
        String accessKeyId,
        String secretAccessKey,
        boolean forcePathStyle,
        int partBytes) {

    public ObjectStoreConfig toConfig() {
        return new ObjectStoreConfig(
                blankToNull(endpoint) == null ? null : URI.create(endpoint.trim()),
                region,
                bucket,
                blankToNull(accessKeyId),
                blankToNull(secretAccessKey),
                forcePathStyle,
                partBytes);
    }

    @Override
    public String toString() {
        return toConfig().toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
