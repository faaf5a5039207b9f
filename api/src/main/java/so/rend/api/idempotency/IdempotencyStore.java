package so.rend.api.idempotency;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * {@code rend.idempotency_keys}: claims, completions and releases of keys, each scoped to an
 * account. Every statement is one round trip; a completion runs inside the create's own
 * transaction.
 */
@Repository
public class IdempotencyStore {

    /** How long a key is remembered. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private final DatabaseClient db;

    public IdempotencyStore(DatabaseClient db) {
        this.db = db;
    }

    /** A row as stored. */
    public record Stored(
            String state,
            RequestFingerprint fingerprint,
            UUID assetId,
            Integer responseStatus,
            String responseBody) {

        boolean completed() {
            return "completed".equals(state);
        }
    }

    /**
     * Claims the key for {@code claimId}: true when this request now owns it. A key nobody holds, a
     * pending claim whose lease ran out (its owner died) and a key older than {@link #RETENTION}
     * can be claimed; a live claim or a completed key cannot.
     */
    public Mono<Boolean> claim(
            UUID accountId, String key, UUID claimId, RequestFingerprint head, Duration lease) {
        return db.sql(
                        """
                        INSERT INTO rend.idempotency_keys AS k (account_id, key, state, claim_id,
                            lease_until, route, content_type, content_length)
                        VALUES (:account, :key, 'pending', :claim,
                            now() + make_interval(secs => :lease), :route, :type, :length)
                        ON CONFLICT (account_id, key) DO UPDATE SET state = 'pending',
                            claim_id = EXCLUDED.claim_id, lease_until = EXCLUDED.lease_until,
                            route = EXCLUDED.route, content_type = EXCLUDED.content_type,
                            content_length = EXCLUDED.content_length, body_sha256 = NULL,
                            asset_id = NULL, response_status = NULL, response_body = NULL,
                            created_at = now()
                        WHERE (k.state = 'pending' AND k.lease_until < now())
                           OR k.created_at < now() - make_interval(secs => :retention)
                        RETURNING claim_id""")
                .bind("account", accountId)
                .bind("key", key)
                .bind("claim", claimId)
                .bind("lease", (double) lease.toSeconds())
                .bind("route", head.route())
                .bind("type", head.contentType())
                .bind("length", head.length())
                .bind("retention", (double) RETENTION.toSeconds())
                .map(row -> claimId.equals(row.get("claim_id", UUID.class)))
                .one()
                .defaultIfEmpty(false);
    }

    /** Extends a live claim; false when the claim is no longer this request's. */
    public Mono<Boolean> renew(UUID accountId, String key, UUID claimId, Duration lease) {
        return db.sql(
                        """
                        UPDATE rend.idempotency_keys SET lease_until = now() + make_interval(secs => :lease)
                        WHERE account_id = :account AND key = :key AND claim_id = :claim AND state = 'pending'""")
                .bind("account", accountId)
                .bind("key", key)
                .bind("claim", claimId)
                .bind("lease", (double) lease.toSeconds())
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    /** The key's row, unless it is older than {@link #RETENTION}. */
    public Mono<Stored> find(UUID accountId, String key) {
        return db.sql(
                        """
                        SELECT state, route, content_type, content_length, body_sha256, asset_id,
                            response_status, response_body
                        FROM rend.idempotency_keys
                        WHERE account_id = :account AND key = :key
                          AND created_at >= now() - make_interval(secs => :retention)""")
                .bind("account", accountId)
                .bind("key", key)
                .bind("retention", (double) RETENTION.toSeconds())
                .map(
                        row ->
                                new Stored(
                                        row.get("state", String.class),
                                        new RequestFingerprint(
                                                row.get("route", String.class),
                                                row.get("content_type", String.class),
                                                row.get("content_length", Long.class),
                                                bytes(row.get("body_sha256"))),
                                        row.get("asset_id", UUID.class),
                                        row.get("response_status", Integer.class),
                                        row.get("response_body", String.class)))
                .one();
    }

    /** Whether the key holds a completed answer: a replay, which rate limits do not charge. */
    public Mono<Boolean> completed(UUID accountId, String key) {
        return find(accountId, key).map(Stored::completed).defaultIfEmpty(false);
    }

    /**
     * Records the create's answer on the claim; meant to run in the create's transaction, which it
     * fails (and so rolls back) when the claim is no longer this request's.
     */
    public Mono<Void> complete(
            UUID accountId,
            String key,
            UUID claimId,
            RequestFingerprint fingerprint,
            UUID assetId,
            int status,
            String body) {
        return db.sql(
                        """
                        UPDATE rend.idempotency_keys SET state = 'completed', content_length = :length,
                            body_sha256 = :sha, asset_id = :asset, response_status = :status,
                            response_body = :body
                        WHERE account_id = :account AND key = :key AND claim_id = :claim AND state = 'pending'""")
                .bind("account", accountId)
                .bind("key", key)
                .bind("claim", claimId)
                .bind("length", fingerprint.length())
                .bind("sha", fingerprint.sha256())
                .bind("asset", assetId)
                .bind("status", status)
                .bind("body", body)
                .fetch()
                .rowsUpdated()
                .flatMap(
                        n ->
                                n == 1
                                        ? Mono.<Void>empty()
                                        : Mono.error(
                                                new IllegalStateException(
                                                        "the idempotency claim was lost before the"
                                                                + " create committed")));
    }

    /** Gives a failed create's key back, so that a retry can take it. */
    public Mono<Void> release(UUID accountId, String key, UUID claimId) {
        return db.sql(
                        """
                        DELETE FROM rend.idempotency_keys
                        WHERE account_id = :account AND key = :key AND claim_id = :claim AND state = 'pending'""")
                .bind("account", accountId)
                .bind("key", key)
                .bind("claim", claimId)
                .then();
    }

    /** Deletes keys older than {@link #RETENTION}; the number deleted. */
    public Mono<Long> deleteExpired() {
        return db.sql(
                        "DELETE FROM rend.idempotency_keys"
                                + " WHERE created_at < now() - make_interval(secs => :retention)")
                .bind("retention", (double) RETENTION.toSeconds())
                .fetch()
                .rowsUpdated();
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] out = new byte[buffer.remaining()];
            buffer.duplicate().get(out);
            return out;
        }
        return (byte[]) value;
    }
}
