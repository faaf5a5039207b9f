package so.rend.objectstore;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.FileTransformerConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Rend's view of an S3-compatible bucket: the few operations the platform needs, all non-blocking.
 * Streaming puts go up part by part, holding at most two parts in memory (what arrived, in 64 KiB
 * blocks: a stalled body holds what it sent), and become a single put when the whole body fits in
 * one part.
 */
public final class ObjectStore implements AutoCloseable {

    private final S3AsyncClient s3;
    private final String bucket;
    private final int partBytes;

    private ObjectStore(S3AsyncClient s3, String bucket, int partBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partBytes = partBytes;
    }

    public static ObjectStore create(ObjectStoreConfig config) {
        return create(config, 3);
    }

    /**
     * A store whose requests are tried at most {@code maxAttempts} times (the SDK's standard retry
     * strategy); the edge uses fewer attempts than the default so a down origin fails fast and the
     * backup origin gets its turn within the viewer's patience.
     */
    public static ObjectStore create(ObjectStoreConfig config, int maxAttempts) {
        return new ObjectStore(
                S3Clients.create(config, maxAttempts), config.bucket(), config.partBytes());
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Streams {@code body} to {@code key}. The body's buffers are released as they are consumed.
     * Nothing is sent to the store before the first part is complete (or the body ended); then
     * {@code firstBytesCheck} sees the body's first bytes (the first 64 KiB, or the whole body when
     * smaller) and may throw to refuse the body; an empty body reaches it as an empty buffer. A
     * body over {@code maxBytes} fails with {@link ObjectTooLargeException}. On any error or
     * cancellation a started multipart upload is aborted, so nothing is left behind.
     */
    public Mono<StoredObject> put(
            String key,
            String contentType,
            Flux<DataBuffer> body,
            long maxBytes,
            Consumer<ByteBuffer> firstBytesCheck) {
        return new StreamingPut(s3, bucket, partBytes)
                .put(key, contentType, body, maxBytes, firstBytesCheck);
    }

    /** Writes a small object held in memory. */
    public Mono<StoredObject> putBytes(String key, String contentType, byte[] bytes) {
        PutObjectRequest request =
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .contentLength((long) bytes.length)
                        .build();
        return call(() -> s3.putObject(request, AsyncRequestBody.fromBytes(bytes)))
                .map(response -> new StoredObject(key, bytes.length, response.eTag()));
    }

    /** Writes a file from local disk (artifacts the worker produced). */
    public Mono<StoredObject> putFile(String key, String contentType, Path file) {
        return Mono.fromCallable(() -> Files.size(file))
                .flatMap(
                        size -> {
                            PutObjectRequest request =
                                    PutObjectRequest.builder()
                                            .bucket(bucket)
                                            .key(key)
                                            .contentType(contentType)
                                            .contentLength(size)
                                            .build();
                            return call(() ->
                                            s3.putObject(request, AsyncRequestBody.fromFile(file)))
                                    .map(response -> new StoredObject(key, size, response.eTag()));
                        });
    }

    /** The object's metadata, or empty when there is no such key. */
    public Mono<ObjectInfo> head(String key) {
        HeadObjectRequest request = HeadObjectRequest.builder().bucket(bucket).key(key).build();
        return call(() -> s3.headObject(request))
                .map(response -> info(key, response))
                .onErrorResume(ObjectStore::isNotFound, e -> Mono.empty());
    }

    /** Reads the object, or a byte range of it; fails with {@link ObjectNotFoundException}. */
    public Mono<ObjectContent> get(String key, ByteRange range) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (range != null) {
            request.range(range.toHeader());
        }
        return call(() -> s3.getObject(request.build(), AsyncResponseTransformer.toPublisher()))
                .map(
                        publisher -> {
                            GetObjectResponse response = publisher.response();
                            long whole =
                                    response.contentRange() == null
                                            ? response.contentLength()
                                            : wholeSize(response.contentRange());
                            ObjectInfo info =
                                    new ObjectInfo(
                                            key,
                                            whole,
                                            response.eTag(),
                                            response.contentType(),
                                            response.lastModified());
                            return new ObjectContent(
                                    info,
                                    response.contentLength(),
                                    response.contentRange(),
                                    Flux.from(publisher));
                        })
                .onErrorMap(ObjectStore::isNotFound, e -> new ObjectNotFoundException(key));
    }

    /** Downloads the whole object to a local file (the worker's inputs). */
    public Mono<Path> getToFile(String key, Path file) {
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).build();
        return call(() ->
                        s3.getObject(
                                request,
                                AsyncResponseTransformer.toFile(
                                        file,
                                        FileTransformerConfiguration
                                                .defaultCreateOrReplaceExisting())))
                .thenReturn(file)
                .onErrorMap(ObjectStore::isNotFound, e -> new ObjectNotFoundException(key));
    }

    /** Deletes one key; deleting a missing key succeeds. */
    public Mono<Void> delete(String key) {
        DeleteObjectRequest request = DeleteObjectRequest.builder().bucket(bucket).key(key).build();
        return call(() -> s3.deleteObject(request)).then();
    }

    /** Every object whose key starts with {@code prefix}, page by page. */
    public Flux<ObjectInfo> list(String prefix) {
        ListObjectsV2Request request =
                ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
        return Flux.from(s3.listObjectsV2Paginator(request).contents())
                .map(o -> new ObjectInfo(o.key(), o.size(), o.eTag(), null, o.lastModified()));
    }

    /** Deletes every object under {@code prefix}; returns how many were deleted. */
    public Mono<Long> deletePrefix(String prefix) {
        return list(prefix)
                .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                .buffer(1000)
                .concatMap(
                        batch ->
                                call(() ->
                                                s3.deleteObjects(
                                                        DeleteObjectsRequest.builder()
                                                                .bucket(bucket)
                                                                .delete(
                                                                        Delete.builder()
                                                                                .objects(batch)
                                                                                .quiet(true)
                                                                                .build())
                                                                .build()))
                                        .thenReturn((long) batch.size()))
                .reduce(0L, Long::sum);
    }

    /**
     * Multipart uploads under {@code prefix} that were started and neither completed nor aborted.
     */
    public Flux<String> pendingMultipartUploads(String prefix) {
        ListMultipartUploadsRequest request =
                ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix).build();
        return call(() -> s3.listMultipartUploads(request))
                .flatMapIterable(response -> response.uploads())
                .map(upload -> upload.key());
    }

    /** Multipart uploads whose parts and ETags the caller keeps (resumable uploads). */
    public ResumableMultipart resumable() {
        return new ResumableMultipart(s3, bucket);
    }

    /** Succeeds when the bucket answers; for readiness checks. */
    public Mono<Void> checkReachable() {
        return call(() -> s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build())).then();
    }

    /**
     * Creates the bucket unless it exists (embedded mode and tests; production buckets are
     * provisioned).
     */
    public Mono<Void> createBucketIfMissing() {
        return checkReachable()
                .onErrorResume(
                        ObjectStore::isNotFound,
                        e -> call(() -> s3.createBucket(b -> b.bucket(bucket))).then());
    }

    @Override
    public void close() {
        s3.close();
    }

    private static ObjectInfo info(String key, HeadObjectResponse response) {
        return new ObjectInfo(
                key,
                response.contentLength(),
                response.eTag(),
                response.contentType(),
                response.lastModified());
    }

    /** {@code bytes 0-99/1234} → 1234. */
    private static long wholeSize(String contentRange) {
        int slash = contentRange.lastIndexOf('/');
        return Long.parseLong(contentRange.substring(slash + 1).trim());
    }

    private static boolean isNotFound(Throwable e) {
        Throwable cause =
                e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof NoSuchKeyException
                || cause instanceof NoSuchBucketException
                || (cause instanceof S3Exception s3e && s3e.statusCode() == 404);
    }

    private static <T> Mono<T> call(Supplier<CompletableFuture<T>> request) {
        return Mono.fromFuture(request);
    }
}
