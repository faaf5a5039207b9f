package so.rend.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * API keys: made here, shown once, stored only as SHA-256. A key is 32 random bytes, so a fast hash
 * resists guessing as well as a slow one would and keeps authentication to one index probe.
 */
@Service
public class ApiKeys {

    /** The account the embedded/dev mode seeds, so its key works out of the box. */
    public static final UUID DEV_ACCOUNT_ID =
            UUID.fromString("00000000-0000-0000-0000-00000000de00");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public ApiKeys(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** A new key in the shape {@code rend_<43 url-safe characters>}. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "rend_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String key) {
        return sha256Of(key.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256Of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first characters of a key, kept so people can tell keys apart without the secret part.
     */
    public static String prefixOf(String key) {
        return key.substring(0, Math.min(9, key.length()));
    }

    /**
     * The account a presented key belongs to, or empty when the key is unknown, revoked or expired.
     * Nothing is cached: a revoked key is refused on its next request at every API process. When
     * the key was last marked used over a minute ago it is marked now.
     */
    public Mono<UUID> accountOf(String presentedKey) {
        return db.sql(
                        """
                        SELECT id, account_id,
                               last_used_at IS NULL OR last_used_at < now() - interval '1 minute'
                                   AS stale
                        FROM rend.api_keys
                        WHERE key_sha256 = :hash AND revoked_at IS NULL
                          AND (expires_at IS NULL OR expires_at > now())
                        """)
                .bind("hash", sha256(presentedKey))
                .map(
                        row ->
                                new Presented(
                                        row.get("id", UUID.class),
                                        row.get("account_id", UUID.class),
                                        Boolean.TRUE.equals(row.get("stale", Boolean.class))))
                .one()
                .flatMap(
                        key ->
                                key.stale()
                                        ? markUsed(key.id()).thenReturn(key.account())
                                        : Mono.just(key.account()));
    }

    private record Presented(UUID id, UUID account, boolean stale) {}

    private Mono<Void> markUsed(UUID id) {
        return db.sql("UPDATE rend.api_keys SET last_used_at = now() WHERE id = :id")
                .bind("id", id)
                .then();
    }

    /** Creates an account with one key; returns the key (the only time it exists in clear). */
    public Mono<NewAccount> createAccount(String name) {
        UUID accountId = UUID.randomUUID();
        String key = newKey();
        return db.sql("INSERT INTO rend.accounts (id, name) VALUES (:id, :name)")
                .bind("id", accountId)
                .bind("name", name)
                .then()
                .then(insertKey(accountId, key, "created with the account"))
                .as(tx::transactional)
                .thenReturn(new NewAccount(accountId, key));
    }

    /** Makes sure the dev account exists and {@code key} authenticates as it. Idempotent. */
    public Mono<Void> seedDevAccount(String key) {
        return db.sql(
                        "INSERT INTO rend.accounts (id, name) VALUES (:id, 'dev') ON CONFLICT (id) DO NOTHING")
                .bind("id", DEV_ACCOUNT_ID)
                .then()
                .then(
                        db.sql(
                                        """
                        INSERT INTO rend.api_keys (id, account_id, key_prefix, key_sha256, label)
                        VALUES (:id, :account, :prefix, :hash, 'REND_DEV_API_KEY')
                        ON CONFLICT (key_sha256) DO UPDATE SET revoked_at = NULL
                        """)
                                .bind("id", UUID.randomUUID())
                                .bind("account", DEV_ACCOUNT_ID)
                                .bind("prefix", prefixOf(key))
                                .bind("hash", sha256(key))
                                .then())
                .as(tx::transactional);
    }

    private Mono<Void> insertKey(UUID accountId, String key, String label) {
        return db.sql(
                        """
                        INSERT INTO rend.api_keys (id, account_id, key_prefix, key_sha256, label)
                        VALUES (:id, :account, :prefix, :hash, :label)
                        """)
                .bind("id", UUID.randomUUID())
                .bind("account", accountId)
                .bind("prefix", prefixOf(key))
                .bind("hash", sha256(key))
                .bind("label", label)
                .then();
    }

    /** A freshly created account and its first key. */
    public record NewAccount(UUID accountId, String apiKey) {

        @Override
        public String toString() {
            return "NewAccount[accountId=" + accountId + ", apiKey=<redacted>]";
        }
    }
}
