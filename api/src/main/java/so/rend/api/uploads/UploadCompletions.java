package so.rend.api.uploads;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import so.rend.api.assets.UploadService;
import so.rend.api.assets.VideoSniffer;
import so.rend.api.errors.ApiErrorCode;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ResumableMultipart;
import so.rend.objectstore.StoredObject;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a direct upload's bytes meet S3 and its end is recorded: parts sent (the first one sniffed
 * as {@code POST /v1/videos} sniffs a body), the completed object recorded as an asset in the same
 * transaction as {@code POST /v1/videos} plus the session's own {@code upload.asset_created}, and a
 * session that ends otherwise (cancelled, timed out, refused) moved out of waiting with its S3
 * multipart upload aborted and its staged bytes dropped, so nothing of it is left.
 */
@Component
class UploadCompletions {

    private static final Logger log = LoggerFactory.getLogger(UploadCompletions.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SNIFF_BYTES = 64 * 1024;

    private final UploadSessionStore sessions;
    private final UploadPartStore parts;
    private final ResumableMultipart multipart;
    private final UploadService uploads;

    UploadCompletions(
            UploadSessionStore sessions,
            UploadPartStore parts,
            ObjectStore objectStore,
            UploadService uploads) {
        this.sessions = sessions;
        this.parts = parts;
        this.multipart = objectStore.resumable();
        this.uploads = uploads;
    }

    /** Sends part {@code number}; the first part must start like a video, or the upload ends. */
    Mono<String> sendPart(UploadSession session, int number, ByteBuffer bytes) {
        if (number == 1) {
            ByteBuffer head = bytes.duplicate();
            head.limit(Math.min(head.limit(), SNIFF_BYTES));
            if (!VideoSniffer.looksLikeVideo(head)) {
                return end(
                                session,
                                UploadSession.ERRORED,
                                "upload.errored",
                                ApiErrorCode.NOT_A_VIDEO.code(),
                                ApiErrorCode.NOT_A_VIDEO.defaultMessage())
                        .then(Mono.error(ApiErrorCode.NOT_A_VIDEO::error));
            }
        }
        return multipart.uploadPart(session.objectKey(), session.s3UploadId(), number, bytes);
    }

    /** Completes the S3 object from its parts and records the asset. */
    Mono<Void> complete(UploadSession session) {
        String key = session.objectKey();
        return parts.etags(session.id())
                .collectList()
                .flatMap(etags -> multipart.complete(key, session.s3UploadId(), etags))
                .then(
                        Mono.defer(
                                () ->
                                        uploads.recordStored(
                                                session.accountId(),
                                                session.assetId(),
                                                contentType(session),
                                                session.metadata(),
                                                new StoredObject(key, session.uploadLength(), null),
                                                uploaded -> markCreated(session))))
                .then();
    }

    /** In the asset's transaction: the session moves to asset_created, or all of it rolls back. */
    private Mono<Void> markCreated(UploadSession session) {
        return sessions.leaveWaiting(
                        session,
                        UploadSession.ASSET_CREATED,
                        "upload.asset_created",
                        null,
                        null,
                        payload("asset_id", session.assetId().toString()))
                .flatMap(
                        moved ->
                                moved
                                        ? Mono.<Void>empty()
                                        : Mono.error(ApiErrorCode.UPLOAD_GONE::error));
    }

    /**
     * Ends a waiting session as {@code status}: false when it had already left waiting. Its S3
     * upload is aborted after the move, so a PATCH still running finds it gone.
     */
    Mono<Boolean> end(
            UploadSession session, String status, String eventType, String code, String message) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("status", status);
        if (code != null) {
            payload.put("error_code", code);
        }
        return sessions.leaveWaiting(
                        session, status, eventType, code, message, JSON.writeValueAsString(payload))
                .flatMap(moved -> moved ? abort(session).thenReturn(true) : Mono.just(false));
    }

    /** Aborts the session's S3 multipart upload (the one it has, or the one created meanwhile). */
    Mono<Void> abort(UploadSession session) {
        return sessions.find(session.id())
                .mapNotNull(UploadSession::s3UploadId)
                .flatMap(id -> multipart.abort(session.objectKey(), id))
                .onErrorResume(
                        e -> {
                            log.warn("could not abort the S3 upload of upload {}", session.id(), e);
                            return Mono.empty();
                        });
    }

    static String payload(String name, String value) {
        return JSON.writeValueAsString(Map.of(name, value));
    }

    private static String contentType(UploadSession session) {
        return session.contentType() == null ? "application/octet-stream" : session.contentType();
    }
}
