package so.rend.api.assets;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import so.rend.api.config.ApiProperties;
import so.rend.api.config.PlaybackProperties;
import so.rend.api.errors.ApiError;
import so.rend.api.events.AssetEventLog;
import so.rend.assetevents.AssetEventType;
import so.rend.edgefanout.EdgeFanout;
import so.rend.edgeprotocol.HeartbeatAnswer.Revocation;

/**
 * Deleting an asset: idempotent. The first call, in one transaction, marks {@code deleted_at} (and
 * the asset {@code not_playable}), cancels queued media jobs (a running one sees the deletion
 * through its lease fence and is told by NOTIFY to stop), records {@code asset.deleted} and queues
 * the durable removal of its objects after the grace period; then every healthy edge purges the
 * asset and refuses its already-issued tokens until the longest of them has expired ({@code
 * asset.edge_purged} records what they answered). A repeat returns the same outcome and changes
 * nothing.
 */
@Service
public class AssetDeletion {

    private static final Logger log = LoggerFactory.getLogger(AssetDeletion.class);
    private static final Duration PURGE_WAIT = Duration.ofSeconds(10);
    static final Duration SETTLE = Duration.ofSeconds(5);

    /**
     * The outcome of a delete; {@code revokedUntil} is when the asset's last possible token
     * expires.
     */
    public record Deleted(
            UUID assetId, Instant deletedAt, Instant revokedUntil, Instant objectsRemovedAfter) {}

    private record Outcome(Deleted deleted, boolean first) {}

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final EdgeFanout edges;
    private final AssetEventLog events;
    private final Duration tokenTtl;
    private final Duration grace;

    public AssetDeletion(
            DatabaseClient db,
            TransactionalOperator tx,
            EdgeFanout edges,
            AssetEventLog events,
            PlaybackProperties playback,
            ApiProperties api) {
        this.db = db;
        this.tx = tx;
        this.edges = edges;
        this.events = events;
        this.tokenTtl = playback.tokenTtl();
        this.grace = api.deleteGrace();
    }

    public Mono<Deleted> delete(UUID accountId, UUID assetId) {
        return db.sql(
                        "SELECT deleted_at FROM rend.assets WHERE id = :id AND account_id = :account FOR UPDATE")
                .bind("id", assetId)
                .bind("account", accountId)
                .map(row -> Optional.ofNullable(row.get("deleted_at", OffsetDateTime.class)))
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

    private Mono<Deleted> markDeleted(UUID accountId, UUID assetId) {
        return db.sql(
                        """
                        UPDATE rend.assets SET deleted_at = now(), playable_state = 'not_playable', updated_at = now()
                        WHERE id = :id RETURNING deleted_at""")
                .bind("id", assetId)
                .map(row -> row.get(0, OffsetDateTime.class).toInstant())
                .one()
                .map(deletedAt -> outcome(assetId, deletedAt))
                .flatMap(
                        deleted ->
                                cancelQueuedJobs(assetId)
                                        .flatMap(
                                                cancelled ->
                                                        queueObjectRemoval(deleted)
                                                                .then(
                                                                        recordDeleted(
                                                                                accountId, deleted,
                                                                                cancelled)))
                                        .thenReturn(deleted));
    }

    private Mono<Long> cancelQueuedJobs(UUID assetId) {
        return db.sql(
                        """
                        UPDATE rend.media_jobs SET state = 'cancelled', finished_at = now(), updated_at = now()
                        WHERE asset_id = :id AND state = 'queued'""")
                .bind("id", assetId)
                .fetch()
                .rowsUpdated();
    }

    private Mono<Void> queueObjectRemoval(Deleted deleted) {
        return db.sql(
                        """
                        INSERT INTO rend.media_jobs (id, asset_id, kind, state, run_after)
                        VALUES (:job, :id, 'delete_asset_objects', 'queued', :after)""")
                .bind("job", UUID.randomUUID())
                .bind("id", deleted.assetId())
                .bind("after", deleted.objectsRemovedAfter().atOffset(ZoneOffset.UTC))
                .then();
    }

    private Mono<Void> recordDeleted(UUID accountId, Deleted deleted, long cancelledJobs) {
        return events.append(
                accountId,
                deleted.assetId(),
                AssetEventType.ASSET_DELETED,
                Map.of(
                        "deleted_at", deleted.deletedAt().toString(),
                        "cancelled_jobs", cancelledJobs,
                        "tokens_revoked_until", deleted.revokedUntil().toString(),
                        "objects_removed_after", deleted.objectsRemovedAfter().toString()));
    }

    private Mono<Void> purge(UUID accountId, Deleted deleted) {
        return edges.purgeAndRevoke(deleted.assetId(), deleted.revokedUntil())
                .timeout(PURGE_WAIT)
                .flatMap(
                        results ->
                                results.isEmpty()
                                        ? Mono.<Void>empty()
                                        : events.append(
                                                accountId,
                                                deleted.assetId(),
                                                AssetEventType.ASSET_EDGE_PURGED,
                                                Map.of("edges", EdgeFanout.describe(results))))
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

    /**
     * One page of deletions for an edge: revocations, the cursor after them, and whether more wait.
     */
    public record RevocationPage(List<Revocation> revocations, long cursor, boolean more) {}

    /**
     * Deletions after {@code after} (the sequence of an {@code asset.deleted} event; {@code null}
     * for an edge with no cursor yet) whose tokens may still be valid somewhere, oldest first, at
     * most {@code limit}. Only deletions older than {@link #SETTLE} are handed out, so one whose
     * transaction commits a moment after a later one is not stepped over by the cursor; the purge
     * sent at delete time reaches healthy edges before that.
     */
    public Mono<RevocationPage> revocationsAfter(Long after, int limit) {
        long from = after == null ? 0 : after;
        return db.sql(
                        """
                        SELECT e.sequence, e.asset_id, a.deleted_at
                        FROM rend.asset_events e JOIN rend.assets a ON a.id = e.asset_id
                        WHERE e.event_type = :type AND e.sequence > :after
                          AND e.created_at < now() - make_interval(secs => :settle)
                          AND a.deleted_at > now() - make_interval(secs => :ttl)
                        ORDER BY e.sequence LIMIT :limit""")
                .bind("type", AssetEventType.ASSET_DELETED.wireName())
                .bind("after", from)
                .bind("settle", (double) SETTLE.toSeconds())
                .bind("ttl", (double) tokenTtl.toSeconds() + 60)
                .bind("limit", limit + 1)
                .map(
                        row ->
                                new DeletionRow(
                                        row.get("sequence", Long.class),
                                        outcome(
                                                row.get("asset_id", UUID.class),
                                                row.get("deleted_at", OffsetDateTime.class)
                                                        .toInstant())))
                .all()
                .collectList()
                .flatMap(rows -> page(rows, from, limit));
    }

    private record DeletionRow(long sequence, Deleted deleted) {}

    private Mono<RevocationPage> page(List<DeletionRow> rows, long from, int limit) {
        if (rows.isEmpty()) {
            // Nothing live after the cursor: move it to the newest settled deletion, so the next
            // heartbeat does not scan expired ones again.
            return db.sql(
                            """
                            SELECT COALESCE(max(sequence), 0) FROM rend.asset_events
                            WHERE event_type = :type
                              AND created_at < now() - make_interval(secs => :settle)""")
                    .bind("type", AssetEventType.ASSET_DELETED.wireName())
                    .bind("settle", (double) SETTLE.toSeconds())
                    .map(row -> row.get(0, Long.class))
                    .one()
                    .map(head -> new RevocationPage(List.of(), Math.max(from, head), false));
        }
        List<DeletionRow> page = rows.subList(0, Math.min(limit, rows.size()));
        return Mono.just(
                new RevocationPage(
                        page.stream()
                                .map(
                                        r ->
                                                new Revocation(
                                                        r.deleted().assetId(),
                                                        r.deleted().revokedUntil()))
                                .toList(),
                        page.get(page.size() - 1).sequence(),
                        rows.size() > limit));
    }
}
