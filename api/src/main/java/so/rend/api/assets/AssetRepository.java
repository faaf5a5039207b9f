package so.rend.api.assets;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import so.rend.api.events.AssetEventLog;
import so.rend.assetevents.AssetEventRecord;
import so.rend.assetevents.AssetEventType;

/**
 * Assets, their first job and their lifecycle events in Postgres. Every read is scoped to an
 * account.
 */
@Repository
public class AssetRepository {

    private static final String ASSET_COLUMNS =
            """
            id, account_id, source_state, playable_state, source_object_key, source_content_type,
            source_byte_size, duration_ms, width, height, video_codec, audio_codec, failure_code,
            failure_message, created_at, updated_at, deleted_at""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final AssetEventLog events;

    public AssetRepository(DatabaseClient db, TransactionalOperator tx, AssetEventLog events) {
        this.db = db;
        this.tx = tx;
        this.events = events;
    }

    /**
     * Records a stored upload in one transaction: the asset, its source artifact, its first media
     * job (queued; the insert wakes idle workers) and its first lifecycle event.
     */
    public Mono<Asset> insertUploaded(
            UUID assetId,
            UUID accountId,
            String objectKey,
            String contentType,
            long byteSize,
            UUID jobId,
            String eventPayloadJson) {
        Mono<Asset> asset =
                db.sql(
                                "INSERT INTO rend.assets (id, account_id, source_state, playable_state, "
                                        + "source_object_key, source_content_type, source_byte_size) "
                                        + "VALUES (:id, :account, 'uploaded', 'not_playable', :key, :type, :size) RETURNING "
                                        + ASSET_COLUMNS)
                        .bind("id", assetId)
                        .bind("account", accountId)
                        .bind("key", objectKey)
                        .bind("type", contentType)
                        .bind("size", byteSize)
                        .map(AssetRepository::asset)
                        .one();
        Mono<Void> artifact =
                db.sql(
                                """
                        INSERT INTO rend.artifacts (id, asset_id, kind, object_key, content_type, byte_size)
                        VALUES (:id, :asset, 'source', :key, :type, :size)""")
                        .bind("id", UUID.randomUUID())
                        .bind("asset", assetId)
                        .bind("key", objectKey)
                        .bind("type", contentType)
                        .bind("size", byteSize)
                        .then();
        Mono<Void> job =
                db.sql(
                                """
                        INSERT INTO rend.media_jobs (id, asset_id, kind, state) VALUES (:id, :asset, 'process_asset', 'queued')""")
                        .bind("id", jobId)
                        .bind("asset", assetId)
                        .then();
        Mono<Void> event =
                events.append(
                        new AssetEventRecord(
                                UUID.randomUUID(),
                                accountId,
                                assetId,
                                AssetEventType.ASSET_CREATED,
                                eventPayloadJson));
        return asset.flatMap(created -> artifact.then(job).then(event).thenReturn(created))
                .as(tx::transactional);
    }

    /**
     * The account's asset, deleted or not; empty when it does not exist or is another account's.
     */
    public Mono<Asset> find(UUID accountId, UUID assetId) {
        return db.sql(
                        "SELECT "
                                + ASSET_COLUMNS
                                + " FROM rend.assets WHERE id = :id AND account_id = :account")
                .bind("id", assetId)
                .bind("account", accountId)
                .map(AssetRepository::asset)
                .one();
    }

    /**
     * A page of the account's live assets, newest first, strictly after {@code after} when given.
     */
    public Flux<Asset> page(UUID accountId, AssetCursor after, int limit) {
        String where = after == null ? "" : " AND (created_at, id) < (:createdAt, :afterId)";
        DatabaseClient.GenericExecuteSpec sql =
                db.sql(
                                "SELECT "
                                        + ASSET_COLUMNS
                                        + " FROM rend.assets "
                                        + "WHERE account_id = :account AND deleted_at IS NULL"
                                        + where
                                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                        .bind("account", accountId)
                        .bind("limit", limit);
        if (after != null) {
            sql =
                    sql.bind("createdAt", after.createdAt().atOffset(java.time.ZoneOffset.UTC))
                            .bind("afterId", after.id());
        }
        return sql.map(AssetRepository::asset).all();
    }

    /**
     * Ids of the account's assets created before {@code before}, deleted or not (their past
     * playback still counts), at most {@code limit}.
     */
    public Flux<UUID> idsCreatedBefore(UUID accountId, Instant before, int limit) {
        return db.sql(
                        "SELECT id FROM rend.assets WHERE account_id = :account"
                                + " AND created_at < :before ORDER BY id LIMIT :limit")
                .bind("account", accountId)
                .bind("before", before.atOffset(java.time.ZoneOffset.UTC))
                .bind("limit", limit)
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    /** The asset's lifecycle events after {@code afterSequence}, oldest first. */
    public Flux<AssetEvent> events(UUID assetId, long afterSequence, int limit) {
        return db.sql(
                        """
                        SELECT sequence, event_id, asset_id, event_type, payload::text AS payload, created_at
                        FROM rend.asset_events WHERE asset_id = :asset AND sequence > :after
                        ORDER BY sequence LIMIT :limit""")
                .bind("asset", assetId)
                .bind("after", afterSequence)
                .bind("limit", limit)
                .map(
                        row ->
                                new AssetEvent(
                                        row.get("sequence", Long.class),
                                        row.get("event_id", UUID.class),
                                        row.get("asset_id", UUID.class),
                                        row.get("event_type", String.class),
                                        row.get("payload", String.class),
                                        instant(row, "created_at")))
                .all();
    }

    private static Asset asset(Readable row) {
        return new Asset(
                row.get("id", UUID.class),
                row.get("account_id", UUID.class),
                row.get("source_state", String.class),
                row.get("playable_state", String.class),
                row.get("source_object_key", String.class),
                row.get("source_content_type", String.class),
                row.get("source_byte_size", Long.class),
                row.get("duration_ms", Long.class),
                row.get("width", Integer.class),
                row.get("height", Integer.class),
                row.get("video_codec", String.class),
                row.get("audio_codec", String.class),
                row.get("failure_code", String.class),
                row.get("failure_message", String.class),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "deleted_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
