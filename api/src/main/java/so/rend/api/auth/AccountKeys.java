package so.rend.api.auth;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/**
 * An account's API keys as the API manages them: made (the key shown once), listed (prefix, name,
 * dates; never the key or its hash) and revoked. Revoking is a write read by every authentication
 * (nothing caches keys), so it holds at once on every API process. An account always keeps one live
 * key: revoking the last one is refused, under a lock on the account's keys so two revocations at
 * once cannot both pass the check.
 */
@Service
public class AccountKeys {

    /** Enough for a key per service and environment; a bound keeps the listing one page. */
    static final int MAX_LIVE_KEYS = 100;

    private static final String LIVE =
            "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())";
    private static final String COLUMNS =
            "id, label, key_prefix, created_at, expires_at, last_used_at";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public AccountKeys(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** A key as listed; {@code key} is set only in the answer that made it. */
    public record KeyView(
            UUID id,
            String name,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            String key) {

        static KeyView of(Readable row) {
            return new KeyView(
                    row.get("id", UUID.class),
                    row.get("label", String.class),
                    row.get("key_prefix", String.class),
                    instant(row.get("created_at", OffsetDateTime.class)),
                    instant(row.get("expires_at", OffsetDateTime.class)),
                    instant(row.get("last_used_at", OffsetDateTime.class)),
                    null);
        }

        @Override
        public String toString() {
            return "KeyView[id=" + id + ", prefix=" + prefix + ", key=<redacted>]";
        }
    }

    /** A new key of {@code account}; the answer is the only place its secret ever appears. */
    public Mono<KeyView> create(UUID account, String name, Instant expiresAt) {
        String key = ApiKeys.newKey();
        return db.sql("SELECT count(*) FROM rend.api_keys WHERE account_id = :account AND " + LIVE)
                .bind("account", account)
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(
                        live ->
                                live >= MAX_LIVE_KEYS
                                        ? Mono.error(
                                                ApiError.invalidParameter(
                                                        "name",
                                                        "an account has at most "
                                                                + MAX_LIVE_KEYS
                                                                + " live API keys"))
                                        : insert(account, name, expiresAt, key))
                .map(
                        made ->
                                new KeyView(
                                        made.id(),
                                        made.name(),
                                        made.prefix(),
                                        made.createdAt(),
                                        made.expiresAt(),
                                        null,
                                        key));
    }

    private Mono<KeyView> insert(UUID account, String name, Instant expiresAt, String key) {
        GenericExecuteSpec insert =
                db.sql(
                                "INSERT INTO rend.api_keys (id, account_id, key_prefix, key_sha256,"
                                        + " label, expires_at) VALUES (:id, :account, :prefix,"
                                        + " :hash, :name, :expires) RETURNING "
                                        + COLUMNS)
                        .bind("id", UUID.randomUUID())
                        .bind("account", account)
                        .bind("prefix", ApiKeys.prefixOf(key))
                        .bind("hash", ApiKeys.sha256(key))
                        .bind("name", name);
        insert =
                expiresAt == null
                        ? insert.bindNull("expires", OffsetDateTime.class)
                        : insert.bind(
                                "expires", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
        return insert.map(KeyView::of).one();
    }

    /** The account's keys that are not revoked, oldest first (expired ones say so by date). */
    public Flux<KeyView> list(UUID account) {
        return db.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM rend.api_keys WHERE account_id = :account AND revoked_at"
                                + " IS NULL ORDER BY created_at, id")
                .bind("account", account)
                .map(KeyView::of)
                .all();
    }

    /** Revokes the key; refused when it is the account's last live key. */
    public Mono<Void> revoke(UUID account, UUID id) {
        Mono<List<UUID>> live =
                db.sql(
                                "SELECT id FROM rend.api_keys WHERE account_id = :account AND "
                                        + LIVE
                                        + " ORDER BY id FOR UPDATE")
                        .bind("account", account)
                        .map(row -> row.get("id", UUID.class))
                        .all()
                        .collectList();
        return live.flatMap(
                        ids -> {
                            if (!ids.contains(id)) {
                                return Mono.error(ApiErrorCode.API_KEY_NOT_FOUND.error());
                            }
                            if (ids.size() == 1) {
                                return Mono.error(ApiErrorCode.LAST_API_KEY.error());
                            }
                            return db.sql(
                                            "UPDATE rend.api_keys SET revoked_at = now() WHERE id"
                                                    + " = :id AND account_id = :account")
                                    .bind("id", id)
                                    .bind("account", account)
                                    .then();
                        })
                .as(tx::transactional);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
