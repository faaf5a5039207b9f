package so.rend.objectstore;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A multipart upload whose state the caller keeps (upload id, part numbers, ETags), so that it can
 * outlive one request and one process: a resumable upload sends one part per call, from whichever
 * process holds the bytes, and completes or aborts it later. Requests are not cancelled with their
 * subscriber (a part sent halfway may land anyway); the caller decides what a failure undoes.
 */
public final class ResumableMultipart {

    private final S3AsyncClient s3;
    private final String bucket;

    ResumableMultipart(S3AsyncClient s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Starts a multipart upload of {@code key}; its upload id. */
    public Mono<String> start(String key, String contentType) {
        return Mono.fromFuture(
                        () ->
                                s3.createMultipartUpload(
                                        b -> b.bucket(bucket).key(key).contentType(contentType)),
                        true)
                .map(CreateMultipartUploadResponse::uploadId);
    }

    /** Sends part {@code number} (1-based); its ETag. {@code bytes} must not change until then. */
    public Mono<String> uploadPart(String key, String uploadId, int number, ByteBuffer bytes) {
        long length = bytes.remaining();
        return Mono.fromFuture(
                        () ->
                                s3.uploadPart(
                                        b ->
                                                b.bucket(bucket)
                                                        .key(key)
                                                        .uploadId(uploadId)
                                                        .partNumber(number)
                                                        .contentLength(length),
                                        AsyncRequestBody.fromByteBufferUnsafe(bytes)),
                        true)
                .map(UploadPartResponse::eTag);
    }

    /** Completes the upload from its parts' ETags, in part order (part i + 1 is etags[i]). */
    public Mono<Void> complete(String key, String uploadId, List<String> etags) {
        List<CompletedPart> parts =
                IntStream.range(0, etags.size())
                        .mapToObj(
                                i ->
                                        CompletedPart.builder()
                                                .partNumber(i + 1)
                                                .eTag(etags.get(i))
                                                .build())
                        .toList();
        return Mono.fromFuture(
                        () ->
                                s3.completeMultipartUpload(
                                        b ->
                                                b.bucket(bucket)
                                                        .key(key)
                                                        .uploadId(uploadId)
                                                        .multipartUpload(
                                                                CompletedMultipartUpload.builder()
                                                                        .parts(parts)
                                                                        .build())),
                        true)
                .then();
    }

    /** Aborts the upload and frees its parts; an upload already gone counts as aborted. */
    public Mono<Void> abort(String key, String uploadId) {
        return Mono.fromFuture(
                        () ->
                                s3.abortMultipartUpload(
                                        b -> b.bucket(bucket).key(key).uploadId(uploadId)),
                        true)
                .then()
                .onErrorResume(ResumableMultipart::gone, e -> Mono.empty());
    }

    private static boolean gone(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause instanceof NoSuchUploadException;
    }
}
