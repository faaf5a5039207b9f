package so.rend.api.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/** An account's webhook endpoints in {@code rend.webhook_endpoints}. */
@Service
public class WebhookEndpoints {

    /** Enough for every integration we know of; a bound keeps one event's fan-out small. */
    static final int MAX_PER_ACCOUNT = 20;

    static final Duration MAX_OVERLAP = Duration.ofDays(7);

    private final DatabaseClient db;
    private final WebhookTargets targets;

    public WebhookEndpoints(DatabaseClient db, WebhookTargets targets) {
        this.db = db;
        this.targets = targets;
    }

    /** A new endpoint and its secret, shown this once. */
    public Mono<WebhookEndpoint> create(UUID account, WebhookChange change) {
        if (change.url() == null) {
            return Mono.error(ApiError.invalidParameter("url", "required"));
        }
        String secret = WebhookSignature.newSecret();
        return targets.check(change.url())
                .then(count(account))
                .flatMap(
                        n ->
                                n >= MAX_PER_ACCOUNT
                                        ? Mono.error(
                                                ApiError.invalidParameter(
                                                        "url",
                                                        "an account has at most "
                                                                + MAX_PER_ACCOUNT
                                                                + " webhook endpoints"))
                                        : Mono.just(n))
                .then(
                        db.sql(
                                        "INSERT INTO rend.webhook_endpoints (id, account_id, url,"
                                                + " event_types, enabled, secret) VALUES (:id,"
                                                + " :account, :url, :types, :enabled, :secret)"
                                                + " RETURNING "
                                                + WebhookEndpoint.COLUMNS)
                                .bind("id", UUID.randomUUID())
                                .bind("account", account)
                                .bind("url", change.url())
                                .bind("types", types(change.eventTypes()))
                                .bind("enabled", change.enabled() == null || change.enabled())
                                .bind("secret", secret)
                                .map((row, meta) -> WebhookEndpoint.of(row))
                                .one())
                .map(endpoint -> endpoint.withSecret(secret));
    }

    public Flux<WebhookEndpoint> list(UUID account) {
        return db.sql(
                        "SELECT "
                                + WebhookEndpoint.COLUMNS
                                + " FROM rend.webhook_endpoints WHERE account_id = :account"
                                + " ORDER BY created_at, id")
                .bind("account", account)
                .map((row, meta) -> WebhookEndpoint.of(row))
                .all();
    }

    public Mono<WebhookEndpoint> get(UUID account, UUID id) {
        return db.sql(
                        "SELECT "
                                + WebhookEndpoint.COLUMNS
                                + " FROM rend.webhook_endpoints WHERE id = :id AND account_id ="
                                + " :account")
                .bind("id", id)
                .bind("account", account)
                .map((row, meta) -> WebhookEndpoint.of(row))
                .one()
                .switchIfEmpty(Mono.error(ApiErrorCode.WEBHOOK_NOT_FOUND::error));
    }

    /** Applies the fields {@code change} has; the others are kept. */
    public Mono<WebhookEndpoint> update(UUID account, UUID id, WebhookChange change) {
        Mono<?> checked = change.url() == null ? Mono.empty() : targets.check(change.url());
        GenericExecuteSpec spec =
                db.sql(
                                "UPDATE rend.webhook_endpoints SET url = COALESCE(:url, url),"
                                        + " event_types = COALESCE(:types, event_types), enabled ="
                                        + " COALESCE(:enabled, enabled), updated_at = now() WHERE"
                                        + " id = :id AND account_id = :account RETURNING "
                                        + WebhookEndpoint.COLUMNS)
                        .bind("id", id)
                        .bind("account", account);
        spec =
                change.url() == null
                        ? spec.bindNull("url", String.class)
                        : spec.bind("url", change.url());
        spec =
                change.eventTypes() == null
                        ? spec.bindNull("types", String[].class)
                        : spec.bind("types", types(change.eventTypes()));
        spec =
                change.enabled() == null
                        ? spec.bindNull("enabled", Boolean.class)
                        : spec.bind("enabled", change.enabled());
        return checked.then(
                spec.map((row, meta) -> WebhookEndpoint.of(row))
                        .one()
                        .switchIfEmpty(Mono.error(ApiErrorCode.WEBHOOK_NOT_FOUND::error)));
    }

    /** Deletes the endpoint and its pending deliveries. */
    public Mono<Void> delete(UUID account, UUID id) {
        return db.sql("DELETE FROM rend.webhook_endpoints WHERE id = :id AND account_id = :account")
                .bind("id", id)
                .bind("account", account)
                .fetch()
                .rowsUpdated()
                .as(rows -> touched(rows, ApiErrorCode.WEBHOOK_NOT_FOUND));
    }

    /** Completes when the statement changed a row, else fails with {@code notFound}. */
    static Mono<Void> touched(Mono<Long> rows, ApiErrorCode notFound) {
        return rows.flatMap(n -> n == 0 ? Mono.error(notFound.error()) : Mono.empty());
    }

    /**
     * A new secret, shown this once; the old one keeps signing (a second {@code v1}) for {@code
     * overlap}.
     */
    public Mono<WebhookEndpoint> rotate(UUID account, UUID id, Duration overlap) {
        String secret = WebhookSignature.newSecret();
        return db.sql(
                        "UPDATE rend.webhook_endpoints SET previous_secret = secret,"
                                + " previous_secret_until = now() + make_interval(secs =>"
                                + " :overlap), secret = :secret, updated_at = now() WHERE id = :id"
                                + " AND account_id = :account RETURNING "
                                + WebhookEndpoint.COLUMNS)
                .bind("id", id)
                .bind("account", account)
                .bind("overlap", (double) overlap.toSeconds())
                .bind("secret", secret)
                .map((row, meta) -> WebhookEndpoint.of(row))
                .one()
                .switchIfEmpty(Mono.error(ApiErrorCode.WEBHOOK_NOT_FOUND::error))
                .map(endpoint -> endpoint.withSecret(secret));
    }

    private Mono<Long> count(UUID account) {
        return db.sql("SELECT count(*) FROM rend.webhook_endpoints WHERE account_id = :account")
                .bind("account", account)
                .map(row -> row.get(0, Long.class))
                .one();
    }

    private static String[] types(List<String> types) {
        return types == null ? new String[0] : types.toArray(String[]::new);
    }
}
