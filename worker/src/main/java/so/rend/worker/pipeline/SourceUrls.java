package so.rend.worker.pipeline;

import java.net.URI;
import java.time.Duration;
import so.rend.objectstore.ObjectStoreConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Short-lived presigned GET URLs for sources, so ffprobe and the opener's ffmpeg read the first
 * megabytes straight from the store (HTTP range requests) instead of waiting for the whole
 * download.
 */
final class SourceUrls implements AutoCloseable {

    private final S3Presigner presigner;
    private final String bucket;

    SourceUrls(ObjectStoreConfig config) {
        S3Presigner.Builder builder =
                S3Presigner.builder()
                        .region(Region.of(config.region()))
                        .serviceConfiguration(
                                S3Configuration.builder()
                                        .pathStyleAccessEnabled(config.forcePathStyle())
                                        .build())
                        .credentialsProvider(
                                config.accessKeyId() == null
                                        ? DefaultCredentialsProvider.builder().build()
                                        : StaticCredentialsProvider.create(
                                                AwsBasicCredentials.create(
                                                        config.accessKeyId(),
                                                        config.secretAccessKey())));
        URI endpoint = config.endpoint();
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        this.presigner = builder.build();
        this.bucket = config.bucket();
    }

    String get(String key, Duration validFor) {
        return presigner
                .presignGetObject(
                        request ->
                                request.signatureDuration(validFor)
                                        .getObjectRequest(get -> get.bucket(bucket).key(key)))
                .url()
                .toString();
    }

    @Override
    public void close() {
        presigner.close();
    }
}
