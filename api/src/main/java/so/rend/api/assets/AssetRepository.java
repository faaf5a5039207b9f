package so.rend.api.assets;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
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

    static final String ASSET_COLUMNS =
            """
            id, account_id, source_state, playable_state, source_object_key, source_content_type,
            source_byte_size, duration_ms, width, height, video_codec, audio_codec, failure_code,
            failure_message, created_at, updated_at, deleted_at, title, external_id, creator_id,
            passthrough, tags""";

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
     * job (queued; the insert wakes idle workers) and its first lifecycle event; then {@code
     * alsoInTransaction} (an idempotency key's completion), whose failure rolls all of it back.
     */
    public Mono<Asset> insertUploaded(
            UUID assetId,
            UUID accountId,
            String objectKey,
            String contentType,
            long byteSize,
            UUID jobId,
            AssetMetadata metadata,
            String eventPayloadJson,
            Function<Asset, Mono<Void>> alsoInTransaction) {
        DatabaseClient.GenericExecuteSpec insert =
                db.sql(
                                "INSERT INTO rend.assets (id, account_id, source_state, playable_state, "
                                        + "source_object_key, source_content_type, source_byte_size, "
                                        + "title, external_id, creator_id, passthrough, tags) "
                                        + "VALUES (:id, :account, 'uploaded', 'not_playable', :key, :type, :size, "
                                        + ":title, :externalId, :creatorId, :passthrough, CAST(:tags AS text[])) RETURNING "
                                        + ASSET_COLUMNS)
                        .bind("id", assetId)
                        .bind("account", accountId)
                        .bind("key", objectKey)
                        .bind("type", contentType)
                        .bind("size", byteSize)
                        .bind("tags", metadata.tags().toArray(String[]::new));
        insert = text(insert, "title", metadata.title());
        insert = text(insert, "externalId", metadata.externalId());
        insert = text(insert, "creatorId", metadata.creatorId());
        insert = text(insert, "passthrough", metadata.passthrough());
        Mono<Asset> asset = insert.map(AssetRepository::asset).one();
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
        return asset.flatMap(
                        created ->
                                artifact.then(job)
                                        .then(event)
                                        .then(Mono.defer(() -> alsoInTransaction.apply(created)))
                                        .thenReturn(created))
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
     * A page of the account's live assets that pass {@code filter}, newest first, strictly after
     * {@code after} when given.
     */
    public Flux<Asset> page(UUID accountId, AssetFilter filter, AssetCursor after, int limit) {
        DatabaseClient.GenericExecuteSpec sql =
                db.sql(pageSql(filter, after != null))
                        .bind("account", accountId)
                        .bind("limit", limit)
                        .bindValues(filter.binds());
        if (after != null) {
            sql =
                    sql.bind("createdAt", after.createdAt().atOffset(ZoneOffset.UTC))
                            .bind("afterId", after.id());
        }
        return sql.map(AssetRepository::asset).all();
    }

    /** The statement of {@link #page}: its order and conditions are what the indexes serve. */
    static String pageSql(AssetFilter filter, boolean afterCursor) {
        return "SELECT "
                + ASSET_COLUMNS
                + " FROM rend.assets WHERE account_id = :account AND deleted_at IS NULL"
                + filter.sqlConditions()
                + (afterCursor ? " AND (created_at, id) < (:createdAt, :afterId)" : "")
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
    }

    /** Binds a text value that may be null. */
    static DatabaseClient.GenericExecuteSpec text(
            DatabaseClient.GenericExecuteSpec sql, String name, String value) {
        return value == null ? sql.bindNull(name, String.class) : sql.bind(name, value);
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
                .bind("before", before.atOffset(ZoneOffset.UTC))
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

    static Asset asset(Readable row) {
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
                instant(row, "deleted_at"),
                new AssetMetadata(
                        row.get("title", String.class),
                        row.get("external_id", String.class),
                        row.get("creator_id", String.class),
                        row.get("passthrough", String.class),
                        Arrays.asList(row.get("tags", String[].class))));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
