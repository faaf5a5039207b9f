package so.rend.api.assets;

import io.r2dbc.postgresql.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import so.rend.api.config.PlaybackProperties;
import so.rend.api.errors.ApiError;
import so.rend.edgefanout.EdgeFanout;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deleting an asset: idempotent. The first call, in one transaction, marks {@code deleted_at},
 * cancels queued media jobs, records {@code asset.deleted} and queues the durable removal of its
 * objects after the grace period; then every healthy edge purges the asset and refuses its
 * already-issued tokens until the longest of them has expired ({@code asset.edge_purged} records
 * what they answered). A repeat returns the same outcome and changes nothing.
 */
@Service
public class AssetDeletion {

    private static final Logger log = LoggerFactory.getLogger(AssetDeletion.class);
    private static final Duration PURGE_WAIT = Duration.ofSeconds(10);

    /**
     * The outcome of a delete; {@code revokedUntil} is when the asset's last possible token
     * expires.
     */
    public record Deleted(
            UUID assetId, Instant deletedAt, Instant revokedUntil, Instant objectsRemovedAfter) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EdgeFanout edges;
    private final Duration tokenTtl;
    private final Duration grace;
    private final JsonMapper json;

    public AssetDeletion(
            DatabaseClient db,
            TransactionalOperator tx,
            EdgeFanout edges,
            PlaybackProperties playback,
            @Value("${rend.api.delete-grace}") Duration grace,
            JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.edges = edges;
        this.tokenTtl = playback.tokenTtl();
        this.grace = grace;
        this.json = json;
    }

    public Mono<Deleted> delete(UUID accountId, UUID assetId) {
        return db.sql(
                        "SELECT deleted_at FROM rend.assets WHERE id = :id AND account_id = :account FOR UPDATE")
                .bind("id", assetId)
                .bind("account", accountId)
                .map(
                        row ->
                                java.util.Optional.ofNullable(
                                        row.get("deleted_at", OffsetDateTime.class)))
                .one()
                .switchIfEmpty(Mono.error(ApiError::assetNotFound))
                .flatMap(
                        existing ->
                                existing.isPresent()
                                        ? Mono.just(
                                                new Outcome(
                                                        outcome(
                                                                assetId,
                                                                existing.get().toInstant()),
                                                        false))
                                        : markDeleted(accountId, assetId)
                                                .map(deleted -> new Outcome(deleted, true)))
                .as(tx::transactional)
                .flatMap(
                        outcome ->
                                outcome.first()
                                        ? purge(accountId, outcome.deleted())
                                                .thenReturn(outcome.deleted())
                                        : Mono.just(outcome.deleted()));
    }

    private record Outcome(Deleted deleted, boolean first) {}

    private Mono<Deleted> markDeleted(UUID accountId, UUID assetId) {
        return db.sql(
                        "UPDATE rend.assets SET deleted_at = now(), updated_at = now() WHERE id = :id RETURNING deleted_at")
                .bind("id", assetId)
                .map(row -> row.get(0, OffsetDateTime.class).toInstant())
                .one()
                .flatMap(
                        deletedAt -> {
                            Deleted deleted = outcome(assetId, deletedAt);
                            Mono<Long> cancel =
                                    db.sql(
                                                    """
                                    UPDATE rend.media_jobs SET state = 'cancelled', finished_at = now(), updated_at = now()
                                    WHERE asset_id = :id AND state = 'queued'""")
                                            .bind("id", assetId)
                                            .fetch()
                                            .rowsUpdated();
                            Mono<Void> removal =
                                    db.sql(
                                                    """
                                    INSERT INTO rend.media_jobs (id, asset_id, kind, state, run_after)
                                    VALUES (:job, :id, 'delete_asset_objects', 'queued', :after)""")
                                            .bind("job", UUID.randomUUID())
                                            .bind("id", assetId)
                                            .bind(
                                                    "after",
                                                    deleted.objectsRemovedAfter()
                                                            .atOffset(java.time.ZoneOffset.UTC))
                                            .then();
                            return cancel.flatMap(
                                            cancelled ->
                                                    removal.then(
                                                            event(
                                                                    accountId,
                                                                    assetId,
                                                                    "asset.deleted",
                                                                    Map.of(
                                                                            "deleted_at",
                                                                                    deletedAt
                                                                                            .toString(),
                                                                            "cancelled_jobs",
                                                                                    cancelled,
                                                                            "tokens_revoked_until",
                                                                                    deleted.revokedUntil()
                                                                                            .toString(),
                                                                            "objects_removed_after",
                                                                                    deleted.objectsRemovedAfter()
                                                                                            .toString()))))
                                    .thenReturn(deleted);
                        });
    }

    private Mono<Void> purge(UUID accountId, Deleted deleted) {
        return edges.purgeAndRevoke(deleted.assetId(), deleted.revokedUntil())
                .timeout(PURGE_WAIT)
                .flatMap(
                        results ->
                                results.isEmpty()
                                        ? Mono.<Void>empty()
                                        : event(
                                                accountId,
                                                deleted.assetId(),
                                                "asset.edge_purged",
                                                Map.of(
                                                        "edges",
                                                        results.stream()
                                                                .map(
                                                                        r ->
                                                                                Map.of(
                                                                                        "edge_id",
                                                                                        r.edgeId(),
                                                                                        "status",
                                                                                        r.status(),
                                                                                        "ok",
                                                                                        r.ok()))
                                                                .toList())))
                .onErrorResume(
                        e -> {
                            // Edges also learn of deletions from their heartbeats; the delete
                            // stands.
                            log.warn(
                                    "purging deleted asset {} from edges failed: {}",
                                    deleted.assetId(),
                                    e.toString());
                            return Mono.empty();
                        });
    }

    private Deleted outcome(UUID assetId, Instant deletedAt) {
        return new Deleted(
                assetId,
                deletedAt,
                deletedAt.plus(tokenTtl).plusSeconds(60),
                deletedAt.plus(grace));
    }

    private Mono<Void> event(UUID accountId, UUID assetId, String type, Map<String, ?> payload) {
        return db.sql(
                        """
                        INSERT INTO rend.asset_events (event_id, account_id, asset_id, event_type, payload)
                        VALUES (:id, :account, :asset, :type, :payload)""")
                .bind("id", UUID.randomUUID())
                .bind("account", accountId)
                .bind("asset", assetId)
                .bind("type", type)
                .bind("payload", Json.of(json.writeValueAsString(payload)))
                .then();
    }

    /**
     * Deleted assets whose tokens may still be valid somewhere: what a (re)starting edge must
     * refuse.
     */
    public Mono<List<Map<String, String>>> activeRevocations() {
        return db.sql(
                        "SELECT id, deleted_at FROM rend.assets WHERE deleted_at > now() - make_interval(secs => :ttl)")
                .bind("ttl", (double) tokenTtl.toSeconds() + 60)
                .map(
                        row -> {
                            Deleted d =
                                    outcome(
                                            row.get("id", UUID.class),
                                            row.get("deleted_at", OffsetDateTime.class)
                                                    .toInstant());
                            return Map.of(
                                    "asset_id",
                                    d.assetId().toString(),
                                    "until",
                                    d.revokedUntil().toString());
                        })
                .all()
                .collectList();
    }
}
