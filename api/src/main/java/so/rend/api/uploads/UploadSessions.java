package so.rend.api.uploads;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.uploads.DirectUploadPaths.Capability;
import so.rend.objectstore.ObjectStore;
import so.rend.objectstore.ResumableMultipart;

/**
 * Direct upload sessions: created with a fresh capability, read and cancelled by their account,
 * found by their URL's capability, and timed out once past their expiry (here when a request meets
 * one, and by {@link UploadSessionExpiry} for the rest).
 */
@Service
class UploadSessions {

    /** A new session and its token, which exists nowhere else once the answer is sent. */
    record Created(UploadSession session, String token) {}

    private final UploadSessionStore store;
    private final UploadCompletions completions;
    private final ResumableMultipart multipart;
    private final Clock clock = Clock.systemUTC();

    UploadSessions(
            UploadSessionStore store, UploadCompletions completions, ObjectStore objectStore) {
        this.store = store;
        this.completions = completions;
        this.multipart = objectStore.resumable();
    }

    Mono<Created> create(UUID account, UploadSessionRequest request) {
        String token = DirectUploadPaths.newToken();
        UUID id = UUID.randomUUID();
        Instant expiresAt = clock.instant().plus(request.timeout());
        return store.insert(
                        id,
                        account,
                        DirectUploadPaths.hash(token),
                        request.corsOrigin(),
                        request.maxBytes(),
                        expiresAt,
                        request.newAssetMetadataJson(),
                        UploadCompletions.payload("expires_at", expiresAt.toString()))
                .map(session -> new Created(session, token));
    }

    /** The account's session, with a lapsed one recorded as timed out first. */
    Mono<UploadSession> get(UUID account, UUID id) {
        return store.find(account, id)
                .switchIfEmpty(Mono.error(ApiErrorCode.UPLOAD_NOT_FOUND::error))
                .flatMap(this::settled);
    }

    /** Cancels a waiting session; cancelling a cancelled one answers it again. */
    Mono<UploadSession> cancel(UUID account, UUID id) {
        return get(account, id)
                .flatMap(
                        session -> {
                            if (UploadSession.CANCELLED.equals(session.status())) {
                                return Mono.just(session);
                            }
                            if (!UploadSession.WAITING.equals(session.status())) {
                                return Mono.error(ApiErrorCode.UPLOAD_NOT_WAITING::error);
                            }
                            return completions
                                    .end(
                                            session,
                                            UploadSession.CANCELLED,
                                            "upload.cancelled",
                                            null,
                                            null)
                                    .then(store.find(id));
                        });
    }

    /**
     * The session a direct upload URL names, when its token is the session's; gone (410) once it is
     * no longer waiting.
     */
    Mono<UploadSession> forUpload(Capability capability) {
        return store.find(capability.sessionId())
                .filter(
                        session ->
                                DirectUploadPaths.matches(
                                        capability.token(), session.tokenSha256()))
                .switchIfEmpty(Mono.error(ApiErrorCode.UPLOAD_NOT_FOUND::error))
                .flatMap(this::settled);
    }

    /** The session a tus request may write to: waiting, or 410. */
    static UploadSession waiting(UploadSession session) {
        if (!UploadSession.WAITING.equals(session.status())) {
            throw ApiErrorCode.UPLOAD_GONE.error("the upload is " + session.status());
        }
        return session;
    }

    /** tus creation: the upload's length and type, and its S3 multipart upload, once. */
    Mono<UploadSession> createUpload(UploadSession session, long length, String contentType) {
        if (session.uploadLength() != null) {
            if (session.uploadLength() == length) {
                return Mono.just(session);
            }
            return Mono.error(
                    ApiErrorCode.UPLOAD_NOT_WAITING.error(
                            "the upload was created with Upload-Length " + session.uploadLength()));
        }
        return multipart
                .start(
                        session.objectKey(),
                        contentType == null ? "application/octet-stream" : contentType)
                .flatMap(
                        uploadId ->
                                store.created(session.id(), length, contentType, uploadId)
                                        .flatMap(
                                                won ->
                                                        won
                                                                ? store.find(session.id())
                                                                : multipart
                                                                        .abort(
                                                                                session.objectKey(),
                                                                                uploadId)
                                                                        .then(
                                                                                store.find(
                                                                                        session
                                                                                                .id()))));
    }

    /** Times out a session found waiting past its expiry. */
    Mono<Void> expire(UploadSession session) {
        return completions
                .end(session, UploadSession.TIMED_OUT, "upload.timed_out", null, null)
                .then();
    }

    private Mono<UploadSession> settled(UploadSession session) {
        if (!session.expired(clock.instant())) {
            return Mono.just(session);
        }
        return expire(session).then(store.find(session.id()));
    }
}
