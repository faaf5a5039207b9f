package so.rend.objectstore;

import java.net.URI;
import java.util.Objects;

/**
 * Where and how to reach the S3-compatible store.
 *
 * @param endpoint the S3 endpoint; {@code null} means AWS's regional endpoint
 * @param region the signing region
 * @param bucket the bucket holding sources and playback artifacts
 * @param accessKeyId static credentials; {@code null} uses the SDK's default chain
 * @param secretAccessKey static credentials; {@code null} uses the SDK's default chain
 * @param forcePathStyle path-style URLs (MinIO, S3Proxy) instead of virtual-hosted buckets
 * @param partBytes the multipart part size of streaming puts (S3 needs at least 5 MiB)
 */
public record ObjectStoreConfig(
        URI endpoint,
        String region,
        String bucket,
        String accessKeyId,
        String secretAccessKey,
        boolean forcePathStyle,
        int partBytes) {

    public static final int MIN_PART_BYTES = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_BYTES = 8 * 1024 * 1024;

    public ObjectStoreConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException(
                    "partBytes must be at least " + MIN_PART_BYTES + ", was " + partBytes);
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException(
                    "set both accessKeyId and secretAccessKey, or neither");
        }
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "ObjectStoreConfig[endpoint="
                + endpoint
                + ", region="
                + region
                + ", bucket="
                + bucket
                + ", accessKeyId="
                + (accessKeyId == null ? "<default chain>" : accessKeyId)
                + ", forcePathStyle="
                + forcePathStyle
                + ", partBytes="
                + partBytes
                + "]";
    }
}
