package so.rend.edge.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.objectstore.ObjectStoreConfig;

/**
 * The S3 origin ({@code REND_S3_*}) and an optional backup origin with the same key layout ({@code
 * REND_EDGE_BACKUP_S3_*}; unused while its bucket is blank). Viewers never see either URL.
 */
@ConfigurationProperties("rend.origin")
public record OriginProperties(Store primary, Store backup) {

    public record Store(
            String endpoint,
            String region,
            String bucket,
            String accessKeyId,
            String secretAccessKey,
            boolean forcePathStyle) {

        public boolean configured() {
            return bucket != null && !bucket.isBlank();
        }

        public ObjectStoreConfig toConfig() {
            return new ObjectStoreConfig(
                    blank(endpoint) ? null : URI.create(endpoint.trim()),
                    region,
                    bucket,
                    blank(accessKeyId) ? null : accessKeyId,
                    blank(secretAccessKey) ? null : secretAccessKey,
                    forcePathStyle,
                    ObjectStoreConfig.DEFAULT_PART_BYTES);
        }

        @Override
        public String toString() {
            return configured() ? toConfig().toString() : "none";
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
