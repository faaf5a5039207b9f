package so.rend.api.uploads;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tus upload's bytes as Postgres knows them: the one writer's lease, the staged chunks not yet a
 * part, and the S3 parts with their ETags. Every write names the writer and the offset it started
 * from, so a PATCH whose lease was taken over, or whose upload moved on, changes nothing.
 */
@Repository
class UploadPartStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    UploadPartStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Takes the writer's lease of a waiting, unexpired upload; empty when someone holds it. */
    Mono<UploadSession> takeWriter(UUID id, UUID writer, Duration lease) {
        return db.sql(
                        "UPDATE rend.upload_sessions SET writer = :writer,"
                                + " writer_until = now() + make_interval(secs => :lease)"
                                + " WHERE id = :id AND status = 'waiting' AND expires_at > now()"
                                + " AND (writer IS NULL OR writer_until < now()) RETURNING "
                                + UploadSession.COLUMNS)
                .bind("id", id)
                .bind("writer", writer)
                .bind("lease", (double) lease.toSeconds())
                .map(UploadSession::of)
                .one();
    }

    Mono<Void> releaseWriter(UUID id, UUID writer) {
        return db.sql(
                        "UPDATE rend.upload_sessions SET writer = NULL, writer_until = NULL"
                                + " WHERE id = :id AND writer = :writer")
                .bind("id", id)
                .bind("writer", writer)
                .then();
    }

    /** The staged chunks, in order: the start of the part being filled. */
    Flux<ByteBuffer> staged(UUID id) {
        return db.sql(
                        "SELECT bytes FROM rend.upload_staged_chunks WHERE upload_id = :id"
                                + " ORDER BY start_offset")
                .bind("id", id)
                .map(row -> row.get("bytes", ByteBuffer.class))
                .all();
    }

    /** Stages {@code bytes} received at {@code offset}; false when the writer lost the upload. */
    Mono<Boolean> stage(UUID id, UUID writer, long offset, ByteBuffer bytes, Duration lease) {
        long length = bytes.remaining();
        Mono<Boolean> advanced = advance(id, writer, offset, length, lease, false, 0);
        Mono<Void> insert =
                db.sql(
                                "INSERT INTO rend.upload_staged_chunks (upload_id, start_offset, bytes)"
                                        + " VALUES (:id, :offset, :bytes)")
                        .bind("id", id)
                        .bind("offset", offset)
                        .bind("bytes", bytes)
                        .then();
        return advanced.flatMap(ok -> ok ? insert.thenReturn(true) : Mono.just(false))
                .as(tx::transactional);
    }

    /**
     * Records part {@code number} as sent: its ETag, the {@code newBytes} of it that arrived in
     * this PATCH added to the offset, the staged chunks it took up dropped.
     */
    Mono<Boolean> partSent(
            UUID id,
            UUID writer,
            long offset,
            long newBytes,
            int number,
            String etag,
            long partBytes,
            Duration lease) {
        Mono<Boolean> advanced = advance(id, writer, offset, newBytes, lease, true, number + 1);
        Mono<Void> part =
                db.sql(
                                "INSERT INTO rend.upload_parts (upload_id, part_number, etag, byte_size)"
                                        + " VALUES (:id, :number, :etag, :size)")
                        .bind("id", id)
                        .bind("number", number)
                        .bind("etag", etag)
                        .bind("size", partBytes)
                        .then();
        Mono<Void> unstage =
                db.sql("DELETE FROM rend.upload_staged_chunks WHERE upload_id = :id")
                        .bind("id", id)
                        .then();
        return advanced.flatMap(ok -> ok ? part.then(unstage).thenReturn(true) : Mono.just(false))
                .as(tx::transactional);
    }

    /** The ETags of the sent parts, in part order. */
    Flux<String> etags(UUID id) {
        return db.sql(
                        "SELECT etag FROM rend.upload_parts WHERE upload_id = :id ORDER BY part_number")
                .bind("id", id)
                .map(row -> row.get("etag", String.class))
                .all();
    }

    private Mono<Boolean> advance(
            UUID id,
            UUID writer,
            long offset,
            long length,
            Duration lease,
            boolean partSent,
            int nextPart) {
        String staged = partSent ? "0" : "staged_bytes + :length";
        String next = partSent ? ":next" : "next_part";
        DatabaseClient.GenericExecuteSpec spec =
                db.sql(
                                "UPDATE rend.upload_sessions SET upload_offset = upload_offset + :length,"
                                        + " staged_bytes = "
                                        + staged
                                        + ", next_part = "
                                        + next
                                        + ", writer_until = now() + make_interval(secs => :lease),"
                                        + " updated_at = now() WHERE id = :id AND writer = :writer"
                                        + " AND status = 'waiting' AND upload_offset = :offset")
                        .bind("id", id)
                        .bind("writer", writer)
                        .bind("offset", offset)
                        .bind("length", length)
                        .bind("lease", (double) lease.toSeconds());
        if (partSent) {
            spec = spec.bind("next", nextPart);
        }
        return spec.fetch().rowsUpdated().map(n -> n == 1);
    }
}
