package so.rend.api.assets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.api.config.ApiProperties;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;
import so.rend.objectlayout.AssetObjectKeys;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ObjectTooLargeException;
import so.rend.objectstore.StoredObject;

/**
 * Takes a video body and makes it an asset: streams it to {@code sources/<asset_id>/source} without
 * holding it in memory, then records asset, source artifact, first job and first event in one
 * transaction. Anything refused, broken off or stalled leaves neither rows nor objects behind. How
 * many uploads run at once is bounded, and a body that stops sending is abandoned.
 */
@Service
public class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);

    /**
     * What a client refused for want of a slot is told to wait: uploads last seconds to minutes, so
     * sooner would mostly meet a full house again, and a crowd of refused clients stays a trickle.
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ObjectStore objectStore;
    private final AssetRepository assets;
    private final long maxUploadBytes;
    private final Duration idleTimeout;
    private final UploadSlots slots;
    private final MeterRegistry meters;
    private final Counter uploadedBytes;

    public UploadService(
            ObjectStore objectStore,
            AssetRepository assets,
            ApiProperties properties,
            MeterRegistry meters) {
        this.objectStore = objectStore;
        this.assets = assets;
        this.maxUploadBytes = properties.maxUploadBytes();
        this.idleTimeout = properties.uploadIdleTimeout();
        this.slots = new UploadSlots(properties.maxConcurrentUploads());
        Gauge.builder("rend.uploads.in_flight", slots, UploadSlots::inFlight)
                .description("uploads being received now (bounded by REND_MAX_CONCURRENT_UPLOADS)")
                .register(meters);
        this.meters = meters;
        this.uploadedBytes =
                Counter.builder("rend.uploads.bytes")
                        .description("bytes of accepted uploads")
                        .baseUnit("bytes")
                        .register(meters);
    }

    /** An upload as recorded, and the id of the media job that will process it. */
    public record Uploaded(Asset asset, UUID mediaJobId) {}

    /** Length and SHA-256 of a body only compared (a keyed repeat), read within the bounds. */
    public Mono<BodyDigest.Facts> digestOnly(Flux<DataBuffer> body) {
        return BodyDigest.drain(
                BodyIdleTimeout.guard(body, idleTimeout, Schedulers.parallel(), this::idle),
                maxUploadBytes,
                this::tooLarge);
    }

    /**
     * @param contentType the request's {@code Content-Type}, as sent
     * @param declaredLength the request's {@code Content-Length}, or -1 when the body is chunked
     * @param metadata the developer's metadata for the asset, already checked
     */
    public Mono<Uploaded> upload(
            UUID accountId,
            String contentType,
            long declaredLength,
            AssetMetadata metadata,
            Flux<DataBuffer> body,
            UploadCompletion completion) {
        return Mono.defer(
                        () -> {
                            MediaType type = VideoContentType.parse(contentType);
                            if (declaredLength == 0) {
                                throw ApiErrorCode.EMPTY_BODY.error();
                            }
                            if (declaredLength > maxUploadBytes) {
                                throw tooLarge();
                            }
                            return storeBody(
                                    accountId,
                                    type,
                                    metadata,
                                    body,
                                    new Bound(maxUploadBytes, this::tooLarge),
                                    completion);
                        })
                .doOnSuccess(
                        uploaded -> {
                            uploadedBytes.increment(uploaded.asset().sourceByteSize());
                            count("accepted");
                        })
                .doOnError(e -> count(outcome(e)))
                .doOnCancel(() -> count("aborted"));
    }

    /** The most bytes a body may have, and the refusal past it. */
    public record Bound(long maxBytes, Supplier<ApiError> tooLarge) {}

    /**
     * Stores a body (an upload's, or one Rend fetched from a URL) and records it: sniffed,
     * streamed, one transaction. It holds one of the process's upload slots while it runs, taken
     * before the body is read, so a refused body costs no bytes.
     */
    public Mono<Uploaded> storeBody(
            UUID accountId,
            MediaType type,
            AssetMetadata metadata,
            Flux<DataBuffer> body,
            Bound bound,
            UploadCompletion completion) {
        return inSlot(
                Mono.defer(
                        () -> storeAndRecord(accountId, type, metadata, body, bound, completion)));
    }

    /** Runs {@code work} (one PATCH of a resumable upload) in one of the upload slots. */
    public <T> Mono<T> inSlot(Mono<T> work) {
        return Mono.defer(
                () -> {
                    if (!slots.tryTake()) {
                        throw tooManyUploads();
                    }
                    return work.doFinally(signal -> slots.giveBack());
                });
    }

    /** The body, failing with {@code upload_idle_timeout} when it sends nothing for too long. */
    public Flux<DataBuffer> idleGuarded(Flux<DataBuffer> body) {
        return BodyIdleTimeout.guard(body, idleTimeout, Schedulers.parallel(), this::idle);
    }

    /** Records a finished resumable upload's object as {@link #storeBody} records a body. */
    public Mono<Uploaded> recordStored(
            UUID accountId,
            UUID assetId,
            String contentType,
            AssetMetadata metadata,
            StoredObject stored,
            Function<Uploaded, Mono<Void>> alsoInTransaction) {
        return record(accountId, assetId, contentType, metadata, stored, alsoInTransaction)
                .doOnSuccess(
                        uploaded -> {
                            uploadedBytes.increment(stored.byteSize());
                            count("accepted");
                        })
                .doOnError(e -> count(outcome(e)));
    }

    private Mono<Uploaded> storeAndRecord(
            UUID accountId,
            MediaType type,
            AssetMetadata metadata,
            Flux<DataBuffer> body,
            Bound bound,
            UploadCompletion completion) {
        UUID assetId = UUID.randomUUID();
        String key = AssetObjectKeys.source(assetId);
        String storedType = type.getType() + "/" + type.getSubtype();
        // Hashed only when an idempotency key needs the digest.
        BodyDigest digest = completion == UploadCompletion.NONE ? null : new BodyDigest();
        Flux<DataBuffer> guarded =
                BodyIdleTimeout.guard(body, idleTimeout, Schedulers.parallel(), this::idle);
        if (digest != null) {
            guarded = guarded.doOnNext(digest::update);
        }
        return store(key, storedType, guarded, bound)
                .flatMap(
                        stored ->
                                record(
                                        accountId,
                                        assetId,
                                        storedType,
                                        metadata,
                                        stored,
                                        uploaded ->
                                                completion.complete(
                                                        uploaded,
                                                        stored.byteSize(),
                                                        digest == null ? null : digest.sha256())));
    }

    /** Streams the body to the store; the first part is sniffed before anything is sent. */
    private Mono<StoredObject> store(
            String key, String storedType, Flux<DataBuffer> body, Bound bound) {
        return objectStore
                .put(
                        key,
                        storedType,
                        body,
                        bound.maxBytes(),
                        first -> {
                            if (!first.hasRemaining()) {
                                throw ApiErrorCode.EMPTY_BODY.error();
                            }
                            if (!VideoSniffer.looksLikeVideo(first)) {
                                throw ApiErrorCode.NOT_A_VIDEO.error();
                            }
                        })
                .onErrorMap(ObjectTooLargeException.class, e -> bound.tooLarge().get());
    }

    /**
     * Records the stored body as an asset with its job and first event. The whole body is stored by
     * now: a client that goes away from here on must not undo the upload half-way, so recording
     * runs to completion on its own; if it fails, the object is removed before the error returns.
     */
    private Mono<Uploaded> record(
            UUID accountId,
            UUID assetId,
            String storedType,
            AssetMetadata metadata,
            StoredObject stored,
            Function<Uploaded, Mono<Void>> alsoInTransaction) {
        UUID jobId = UUID.randomUUID();
        String key = stored.key();
        Mono<Asset> insert =
                assets.insertUploaded(
                                assetId,
                                accountId,
                                key,
                                storedType,
                                stored.byteSize(),
                                jobId,
                                metadata,
                                UploadedEvent.payload(key, storedType, stored.byteSize(), jobId),
                                asset -> alsoInTransaction.apply(new Uploaded(asset, jobId)))
                        .onErrorResume(e -> removeObject(key).then(Mono.error(e)));
        return Mono.fromFuture(insert.toFuture(), true).map(asset -> new Uploaded(asset, jobId));
    }

    private Mono<Void> removeObject(String key) {
        return objectStore
                .delete(key)
                .onErrorResume(
                        deleteError -> {
                            log.error(
                                    "could not remove {} after a failed insert", key, deleteError);
                            return Mono.empty();
                        });
    }

    private static String outcome(Throwable error) {
        if (error instanceof ApiError apiError) {
            return apiError.code();
        }
        return DisconnectedClientHelper.isClientDisconnectedException(error) ? "aborted" : "error";
    }

    private void count(String outcome) {
        meters.counter("rend.uploads", "outcome", outcome).increment();
    }

    private ApiError idle() {
        return ApiErrorCode.UPLOAD_IDLE_TIMEOUT.error(
                "no bytes arrived for "
                        + idleTimeout.toSeconds()
                        + " s; the upload was abandoned and nothing of it was kept");
    }

    private static ApiError tooManyUploads() {
        return ApiErrorCode.TOO_MANY_UPLOADS
                .error("too many uploads in progress; retry in " + RETRY_AFTER.toSeconds() + " s")
                .withRetryAfter(RETRY_AFTER);
    }

    private ApiError tooLarge() {
        return ApiErrorCode.UPLOAD_TOO_LARGE.error(
                "the body is larger than the limit of " + maxUploadBytes + " bytes");
    }
}
