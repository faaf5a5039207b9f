package so.rend.api.uploads;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Direct upload sessions and their lifecycle log in Postgres. */
@Repository
class UploadSessionStore {

    /** One entry of a session's lifecycle log. */
    record UploadEvent(long sequence, String type, String payload, Instant createdAt) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    UploadSessionStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Inserts a new waiting session and its {@code upload.created} event, in one transaction. */
    Mono<UploadSession> insert(
            UUID id,
            UUID accountId,
            byte[] tokenSha256,
            String corsOrigin,
            long maxBytes,
            Instant expiresAt,
            String metadataJson,
            String eventPayload) {
        Mono<UploadSession> row =
                db.sql(
                                "INSERT INTO rend.upload_sessions (id, account_id, asset_id, token_sha256,"
                                        + " status, cors_origin, max_bytes, expires_at, new_asset_metadata)"
                                        + " VALUES (:id, :account, :asset, :token, 'waiting', :origin, :max,"
                                        + " :expires, CAST(:metadata AS jsonb)) RETURNING "
                                        + UploadSession.COLUMNS)
                        .bind("id", id)
                        .bind("account", accountId)
                        .bind("asset", UUID.randomUUID())
                        .bind("token", tokenSha256)
                        .bind("origin", corsOrigin)
                        .bind("max", maxBytes)
                        .bind("expires", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                        .bind("metadata", metadataJson)
                        .map(UploadSession::of)
                        .one();
        return row.flatMap(
                        session ->
                                appendEvent(session, "upload.created", eventPayload)
                                        .thenReturn(session))
                .as(tx::transactional);
    }

    Mono<UploadSession> find(UUID id) {
        return db.sql(
                        "SELECT "
                                + UploadSession.COLUMNS
                                + " FROM rend.upload_sessions WHERE id = :id")
                .bind("id", id)
                .map(UploadSession::of)
                .one();
    }

    Mono<UploadSession> find(UUID accountId, UUID id) {
        return find(id).filter(session -> session.accountId().equals(accountId));
    }

    Flux<UploadEvent> events(UUID id) {
        return db.sql(
                        "SELECT sequence, event_type, payload::text AS payload, created_at"
                                + " FROM rend.upload_events WHERE upload_id = :id ORDER BY sequence")
                .bind("id", id)
                .map(
                        row ->
                                new UploadEvent(
                                        row.get("sequence", Long.class),
                                        row.get("event_type", String.class),
                                        row.get("payload", String.class),
                                        row.get("created_at", OffsetDateTime.class).toInstant()))
                .all();
    }

    /** Records tus's creation of the upload: its length, type and S3 multipart upload. */
    Mono<Boolean> created(UUID id, long length, String contentType, String s3UploadId) {
        return db.sql(
                        "UPDATE rend.upload_sessions SET upload_length = :length, content_type = :type,"
                                + " s3_upload_id = :s3, updated_at = now() WHERE id = :id"
                                + " AND status = 'waiting' AND upload_length IS NULL")
                .bind("id", id)
                .bind("length", length)
                .bind("type", nullable(contentType))
                .bind("s3", s3UploadId)
                .fetch()
                .rowsUpdated()
                .map(n -> n == 1);
    }

    /**
     * Moves a waiting session to {@code status} and logs {@code eventType}; false when it was not
     * waiting any more (another request or replica moved it first). Its staged bytes go with it.
     */
    Mono<Boolean> leaveWaiting(
            UploadSession session,
            String status,
            String eventType,
            String errorCode,
            String errorMessage,
            String payload) {
        Mono<Boolean> moved =
                db.sql(
                                "UPDATE rend.upload_sessions SET status = :status, error_code = :code,"
                                        + " error_message = :message, writer = NULL, writer_until = NULL,"
                                        + " staged_bytes = 0, updated_at = now()"
                                        + " WHERE id = :id AND status = 'waiting'")
                        .bind("id", session.id())
                        .bind("status", status)
                        .bind("code", nullable(errorCode))
                        .bind("message", nullable(errorMessage))
                        .fetch()
                        .rowsUpdated()
                        .map(n -> n == 1);
        return moved.flatMap(
                        ok ->
                                !ok
                                        ? Mono.just(false)
                                        : dropStaged(session.id())
                                                .then(appendEvent(session, eventType, payload))
                                                .thenReturn(true))
                .as(tx::transactional);
    }

    /** Waiting sessions past their expiry, a batch at a time (the sweep). */
    Flux<UploadSession> expired(int limit) {
        return db.sql(
                        "SELECT "
                                + UploadSession.COLUMNS
                                + " FROM rend.upload_sessions WHERE status = 'waiting'"
                                + " AND expires_at <= now() ORDER BY expires_at LIMIT :limit")
                .bind("limit", limit)
                .map(UploadSession::of)
                .all();
    }

    Mono<Void> dropStaged(UUID id) {
        return db.sql("DELETE FROM rend.upload_staged_chunks WHERE upload_id = :id")
                .bind("id", id)
                .then();
    }

    Mono<Void> appendEvent(UploadSession session, String eventType, String payload) {
        return db.sql(
                        "INSERT INTO rend.upload_events (event_id, account_id, upload_id, event_type,"
                                + " payload) VALUES (:event, :account, :upload, :type, CAST(:payload AS jsonb))")
                .bind("event", UUID.randomUUID())
                .bind("account", session.accountId())
                .bind("upload", session.id())
                .bind("type", eventType)
                .bind("payload", payload)
                .then();
    }

    private static Parameter nullable(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }
}
