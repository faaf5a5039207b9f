package so.rend.objectstore;

import java.net.URI;

/**
 * The {@code REND_S3_*} settings as every process binds them (the edge's backup origin has the same
 * shape under {@code REND_EDGE_BACKUP_S3_*}). Blank strings mean "not set".
 *
 * @param partBytes the multipart part size of streaming puts; 0 means {@link
 *     ObjectStoreConfig#DEFAULT_PART_BYTES}
 */
public record S3Settings(
        String endpoint,
        String region,
        String bucket,
        String accessKeyId,
        String secretAccessKey,
        boolean forcePathStyle,
        int partBytes) {

    /** Whether a bucket is named: an unset backup origin is not. */
    public boolean configured() {
        return !blank(bucket);
    }

    public ObjectStoreConfig toConfig() {
        return new ObjectStoreConfig(
                blank(endpoint) ? null : URI.create(endpoint.trim()),
                region,
                bucket,
                blank(accessKeyId) ? null : accessKeyId,
                blank(secretAccessKey) ? null : secretAccessKey,
                forcePathStyle,
                partBytes == 0 ? ObjectStoreConfig.DEFAULT_PART_BYTES : partBytes);
    }

    @Override
    public String toString() {
        // Through ObjectStoreConfig, which never prints the secret.
        return configured() ? toConfig().toString() : "none";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
