package so.rend.objectstore;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One multipart upload of a streaming put: created, its parts sent one at a time, completed; on any
 * error or cancellation undone, with nothing left behind. A request is never cancelled halfway,
 * because it may land all the same (S3: a part upload in progress during an abort "might or might
 * not succeed", and one that lands afterwards leaves the upload pending): the abort waits until the
 * request on the wire has settled, an upload created after its put was cancelled is aborted when
 * the store answers, and an object whose completion landed is deleted.
 */
final class MultipartPut {

    private final S3AsyncClient s3;
    private final String bucket;
    private final String key;
    private final AtomicReference<CompletableFuture<?>> onTheWire =
            new AtomicReference<>(CompletableFuture.completedFuture(null));
    private final AtomicReference<CompletableFuture<CompleteMultipartUploadResponse>> completing =
            new AtomicReference<>();

    MultipartPut(S3AsyncClient s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    Mono<StoredObject> run(String contentType, Flux<PartAssembler.Part> parts) {
        return Mono.usingWhen(
                create(contentType),
                uploadId ->
                        parts
                                // One part on the wire while the next one fills, and no part
                                // queued between them (prefetch 0): a fast body holds two parts.
                                .concatMap(part -> uploadPart(uploadId, part), 0)
                                .collectList()
                                .flatMap(uploaded -> complete(uploadId, uploaded)),
                uploadId -> Mono.empty(),
                (uploadId, error) -> undo(uploadId),
                this::undo);
    }

    private Mono<String> create(String contentType) {
        CreateMultipartUploadRequest request =
                CreateMultipartUploadRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .build();
        return Mono.defer(
                () -> {
                    CompletableFuture<CreateMultipartUploadResponse> created =
                            send(() -> s3.createMultipartUpload(request));
                    return Mono.fromFuture(created, true)
                            .map(CreateMultipartUploadResponse::uploadId)
                            // Cancelled before the store answered: the upload may exist anyway.
                            .doOnCancel(
                                    () ->
                                            created.thenAccept(
                                                    response ->
                                                            undo(response.uploadId()).subscribe()));
                });
    }

    private record UploadedPart(CompletedPart part, long length) {}

    private Mono<UploadedPart> uploadPart(String uploadId, PartAssembler.Part part) {
        UploadPartRequest request =
                UploadPartRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(part.number())
                        .contentLength((long) part.length())
                        .build();
        return sent(() ->
                        s3.uploadPart(
                                request, AsyncRequestBody.fromByteBuffersUnsafe(part.views())))
                .map(
                        response ->
                                new UploadedPart(
                                        CompletedPart.builder()
                                                .partNumber(part.number())
                                                .eTag(response.eTag())
                                                .build(),
                                        part.length()));
    }

    private Mono<StoredObject> complete(String uploadId, List<UploadedPart> uploaded) {
        CompleteMultipartUploadRequest request =
                CompleteMultipartUploadRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(
                                CompletedMultipartUpload.builder()
                                        .parts(uploaded.stream().map(UploadedPart::part).toList())
                                        .build())
                        .build();
        long size = uploaded.stream().mapToLong(UploadedPart::length).sum();
        return sent(() -> {
                    CompletableFuture<CompleteMultipartUploadResponse> future =
                            s3.completeMultipartUpload(request);
                    completing.set(future);
                    return future;
                })
                .map(response -> new StoredObject(key, size, response.eTag()));
    }

    /**
     * Once the request on the wire has settled: deletes the object if its completion landed, aborts
     * the upload otherwise.
     */
    private Mono<Void> undo(String uploadId) {
        Mono<Void> settled =
                Mono.defer(() -> Mono.fromFuture(onTheWire.get().handle((r, e) -> null), true))
                        .then();
        return settled.then(Mono.defer(() -> completed() ? delete() : abort(uploadId)));
    }

    private boolean completed() {
        CompletableFuture<CompleteMultipartUploadResponse> future = completing.get();
        return future != null && future.isDone() && !future.isCompletedExceptionally();
    }

    private Mono<Void> abort(String uploadId) {
        AbortMultipartUploadRequest request =
                AbortMultipartUploadRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .build();
        return Mono.fromFuture(() -> s3.abortMultipartUpload(request)).then();
    }

    private Mono<Void> delete() {
        DeleteObjectRequest request = DeleteObjectRequest.builder().bucket(bucket).key(key).build();
        return Mono.fromFuture(() -> s3.deleteObject(request)).then();
    }

    /** Sends a request that is not cancelled with its subscriber, only ever waited for. */
    private <T> Mono<T> sent(Supplier<CompletableFuture<T>> request) {
        return Mono.defer(() -> Mono.fromFuture(send(request), true));
    }

    private <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> request) {
        CompletableFuture<T> future = request.get();
        onTheWire.set(future);
        return future;
    }
}
