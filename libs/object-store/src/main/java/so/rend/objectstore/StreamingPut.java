package so.rend.objectstore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * One streaming upload: the body cut into parts, a single {@code PutObject} when it fits in one, a
 * {@link MultipartPut} otherwise, undone on any error or cancellation.
 */
final class StreamingPut {

    private final S3AsyncClient s3;
    private final String bucket;
    private final int partBytes;

    StreamingPut(S3AsyncClient s3, String bucket, int partBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partBytes = partBytes;
    }

    /**
     * Streams {@code body} to {@code key}. The body's buffers are released as they are consumed.
     * Nothing is sent to the store before the first part is complete (or the body ended); then
     * {@code firstBytesCheck} sees the body's first bytes (the first {@link
     * PartAssembler#BLOCK_BYTES}, or the whole body when smaller) and may throw to refuse the body;
     * an empty body reaches it as an empty buffer. A body over {@code maxBytes} fails with {@link
     * ObjectTooLargeException}. On any error or cancellation a started multipart upload is aborted,
     * so nothing is left behind.
     */
    Mono<StoredObject> put(
            String key,
            String contentType,
            Flux<DataBuffer> body,
            long maxBytes,
            Consumer<ByteBuffer> firstBytesCheck) {
        return Mono.defer(
                () -> {
                    PartAssembler assembler = new PartAssembler(partBytes, maxBytes);
                    Flux<PartAssembler.Part> parts =
                            body.map(OwnedBuffer::new)
                                    .concatMapIterable(owned -> readInto(assembler, owned))
                                    .concatWith(Mono.fromSupplier(assembler::finish));
                    return parts.switchOnFirst(
                                    (first, all) -> {
                                        if (!first.hasValue()) {
                                            return all.then(Mono.empty());
                                        }
                                        PartAssembler.Part part = first.get();
                                        firstBytesCheck.accept(part.head());
                                        if (part.last()) {
                                            return all.then(putPart(key, contentType, part));
                                        }
                                        return new MultipartPut(s3, bucket, key)
                                                .run(contentType, all);
                                    },
                                    false)
                            .single()
                            // Buffers still queued when the put fails never reach the assembler:
                            // pooled network memory must not leak with every refused, stalled or
                            // broken-off upload.
                            .doOnDiscard(OwnedBuffer.class, OwnedBuffer::release);
                });
    }

    /** Copies a network buffer into the assembler and releases it; returns the parts completed. */
    private static List<PartAssembler.Part> readInto(PartAssembler assembler, OwnedBuffer owned) {
        try {
            List<PartAssembler.Part> completed = new ArrayList<>(1);
            try (DataBuffer.ByteBufferIterator views = owned.buffer.readableByteBuffers()) {
                views.forEachRemaining(view -> completed.addAll(assembler.append(view)));
            }
            return completed;
        } finally {
            owned.release();
        }
    }

    /**
     * A network buffer this put must release exactly once. Reactor also discards the buffer whose
     * reading failed (the one that went over the size limit, say), and releasing it twice would
     * free memory the server's decoder still shares.
     */
    private static final class OwnedBuffer {

        private final DataBuffer buffer;
        private final AtomicBoolean released = new AtomicBoolean();

        OwnedBuffer(DataBuffer buffer) {
            this.buffer = buffer;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                DataBufferUtils.release(buffer);
            }
        }
    }

    /** The whole body as one {@code PutObject}; a put cancelled halfway that lands is deleted. */
    private Mono<StoredObject> putPart(String key, String contentType, PartAssembler.Part part) {
        PutObjectRequest request =
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .contentLength((long) part.length())
                        .build();
        return Mono.defer(
                () -> {
                    CompletableFuture<PutObjectResponse> put =
                            s3.putObject(
                                    request, AsyncRequestBody.fromByteBuffersUnsafe(part.views()));
                    return Mono.fromFuture(put, true)
                            .map(response -> new StoredObject(key, part.length(), response.eTag()))
                            .doOnCancel(() -> put.thenAccept(response -> delete(key)));
                });
    }

    private void delete(String key) {
        DeleteObjectRequest request = DeleteObjectRequest.builder().bucket(bucket).key(key).build();
        Mono.fromFuture(() -> s3.deleteObject(request)).subscribe();
    }
}
