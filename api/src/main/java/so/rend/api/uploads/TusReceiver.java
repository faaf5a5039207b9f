package so.rend.api.uploads;

import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.assets.UploadService;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/**
 * One tus PATCH: takes the upload's writer lease, refills the part being built from its staged
 * chunks, streams the body into it, sends each whole part to S3 and records it, stages what is left
 * when the body ends (or breaks off), and completes the upload when the last byte is in. Only this
 * one part is ever in memory.
 */
@Component
class TusReceiver {

    private final UploadPartStore parts;
    private final UploadCompletions completions;
    private final UploadService uploads;
    private final UploadsProperties properties;

    TusReceiver(
            UploadPartStore parts,
            UploadCompletions completions,
            UploadService uploads,
            UploadsProperties properties) {
        this.parts = parts;
        this.completions = completions;
        this.uploads = uploads;
        this.properties = properties;
    }

    /**
     * Receives a PATCH body sent at {@code offset}; the upload's offset after it. The writer lease
     * is given back before the answer goes out, so the client's next PATCH finds the upload free.
     */
    Mono<Long> receive(UploadSession session, long offset, Flux<DataBuffer> body) {
        UUID writer = UUID.randomUUID();
        Mono<Void> release =
                parts.releaseWriter(session.id(), writer).onErrorResume(e -> Mono.empty());
        return uploads.inSlot(
                Mono.usingWhen(
                        parts.takeWriter(session.id(), writer, properties.writerLease())
                                .switchIfEmpty(Mono.error(ApiErrorCode.UPLOAD_LOCKED::error)),
                        held -> {
                            if (held.uploadOffset() != offset) {
                                return Mono.error(offsetMismatch(held.uploadOffset()));
                            }
                            return new Patch(held, writer).run(uploads.idleGuarded(body));
                        },
                        held -> release,
                        (held, error) -> release,
                        held -> release));
    }

    static ApiError offsetMismatch(long actual) {
        return ApiErrorCode.UPLOAD_OFFSET_MISMATCH.error(
                "Upload-Offset must be the upload's offset, " + actual);
    }

    /**
     * An error of S3 or Postgres while sending a part: nothing of this PATCH is staged after it.
     */
    private static final class PartFailed extends RuntimeException {
        PartFailed(Throwable cause) {
            super(cause);
        }
    }

    /** The state of one PATCH. */
    private final class Patch {

        private final UploadSession session;
        private final UUID writer;
        private final long length;
        private final PartBuffer part;
        private long durable;
        private int nextPart;

        Patch(UploadSession session, UUID writer) {
            this.session = session;
            this.writer = writer;
            this.length = session.uploadLength();
            this.durable = session.uploadOffset();
            this.nextPart = session.nextPart();
            long partStart = durable - session.stagedBytes();
            this.part =
                    new PartBuffer(
                            properties.partBytes(),
                            (int) Math.min(properties.partBytes(), length - partStart));
        }

        Mono<Long> run(Flux<DataBuffer> body) {
            return parts.staged(session.id())
                    .doOnNext(part::loadStaged)
                    .thenMany(body.concatMap(this::consume, 1))
                    .onErrorResume(this::saveWhatArrived)
                    .then(Mono.defer(this::end))
                    .onErrorMap(PartFailed.class, Throwable::getCause);
        }

        private Mono<Void> consume(DataBuffer buffer) {
            return Mono.defer(() -> fill(buffer)).doFinally(s -> DataBufferUtils.release(buffer));
        }

        private Mono<Void> fill(DataBuffer buffer) {
            while (buffer.readableByteCount() > 0) {
                if (received() == length) {
                    throw ApiErrorCode.UPLOAD_TOO_LARGE.error(
                            "the body goes past Upload-Length (" + length + " bytes)");
                }
                part.take(buffer);
                // The last part is sent when the body ends, so a body too long is refused first.
                if (part.full() && received() < length) {
                    return sendPart().then(Mono.defer(() -> fill(buffer)));
                }
            }
            return Mono.empty();
        }

        private long received() {
            return durable + part.unsaved();
        }

        /** A body that broke off keeps what arrived, as tus asks; a refused one keeps nothing. */
        private Mono<Void> saveWhatArrived(Throwable error) {
            boolean keep =
                    !(error instanceof PartFailed)
                            && !(error instanceof ApiError api
                                    && api.errorCode() == ApiErrorCode.UPLOAD_TOO_LARGE);
            Mono<Void> save = keep ? stage().onErrorResume(e -> Mono.empty()) : Mono.empty();
            return save.then(Mono.error(error));
        }

        private Mono<Long> end() {
            if (received() == length) {
                return sendLastPart().thenReturn(length);
            }
            return stage().then(Mono.fromSupplier(() -> durable));
        }

        private Mono<Void> stage() {
            if (part.unsaved() == 0) {
                return Mono.empty();
            }
            long n = part.unsaved();
            return parts.stage(
                            session.id(),
                            writer,
                            durable,
                            part.unsavedBytes(),
                            properties.writerLease())
                    .flatMap(ok -> ok ? Mono.<Void>empty() : Mono.error(lost()))
                    .doOnSuccess(
                            v -> {
                                durable += n;
                                part.markSaved();
                            });
        }

        private Mono<Void> sendPart() {
            long newBytes = part.unsaved();
            int number = nextPart;
            return completions
                    .sendPart(session, number, part.whole())
                    .flatMap(
                            etag ->
                                    parts.partSent(
                                            session.id(),
                                            writer,
                                            durable,
                                            newBytes,
                                            number,
                                            etag,
                                            part.length(),
                                            properties.writerLease()))
                    .flatMap(ok -> ok ? Mono.<Void>empty() : Mono.error(lost()))
                    .doOnSuccess(
                            v -> {
                                durable += newBytes;
                                nextPart = number + 1;
                                part.next(length - durable);
                            })
                    .onErrorMap(e -> !(e instanceof PartFailed), PartFailed::new);
        }

        private Mono<Void> sendLastPart() {
            Mono<Void> last = part.length() == 0 ? Mono.empty() : sendPart();
            return last.then(Mono.defer(() -> completions.complete(session)))
                    .onErrorMap(PartFailed.class, Throwable::getCause);
        }

        private ApiError lost() {
            return ApiErrorCode.UPLOAD_LOCKED.error(
                    "another request took over or ended this upload; ask its offset with HEAD");
        }
    }
}
