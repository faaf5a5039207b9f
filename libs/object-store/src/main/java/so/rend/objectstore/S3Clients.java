package so.rend.objectstore;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

/** The S3 client every store is built on: the settings that make S3-compatible servers agree. */
final class S3Clients {

    private S3Clients() {}

    static S3AsyncClient create(ObjectStoreConfig config, int maxAttempts) {
        S3AsyncClientBuilder builder =
                S3AsyncClient.builder()
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(
                                                maxAttempts <= 1
                                                        ? AwsRetryStrategy.doNotRetry()
                                                        : AwsRetryStrategy.standardRetryStrategy()
                                                                .toBuilder()
                                                                .maxAttempts(maxAttempts)
                                                                .build()))
                        .region(Region.of(config.region()))
                        .forcePathStyle(config.forcePathStyle())
                        // Checksums only where S3 demands them: S3Proxy, MinIO and Tigris reject
                        // or choke on the SDK's default aws-chunked trailers; real S3 accepts it.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .httpClientBuilder(
                                NettyNioAsyncHttpClient.builder()
                                        .maxConcurrency(256)
                                        .connectionAcquisitionTimeout(Duration.ofSeconds(30)))
                        .credentialsProvider(
                                config.accessKeyId() == null
                                        ? DefaultCredentialsProvider.builder().build()
                                        : StaticCredentialsProvider.create(
                                                AwsBasicCredentials.create(
                                                        config.accessKeyId(),
                                                        config.secretAccessKey())));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }
}
