package so.rend.api.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** The Postgres side of the usage meters: media time per file, and what was stored when. */
@Repository
public class UsageRepository {

    /** A media file of an asset: its size and the media time it holds. */
    record MediaFile(UUID assetId, String path, long byteSize, long mediaMillis) {}

    /** An asset's media length and the span it was stored, {@code deletedAt} null while kept. */
    record Stored(UUID assetId, long durationMillis, Instant createdAt, Instant deletedAt) {}

    private final DatabaseClient db;

    public UsageRepository(DatabaseClient db) {
        this.db = db;
    }

    Flux<MediaFile> mediaFiles(Collection<UUID> assetIds) {
        return db.sql(
                        "SELECT asset_id, artifact_path, byte_size, media_ms FROM rend.artifact_media"
                                + " WHERE asset_id = ANY(:ids)")
                .bind("ids", assetIds.toArray(new UUID[0]))
                .map(
                        row ->
                                new MediaFile(
                                        row.get("asset_id", UUID.class),
                                        row.get("artifact_path", String.class),
                                        row.get("byte_size", Long.class),
                                        row.get("media_ms", Long.class)))
                .all();
    }

    /**
     * The account's assets (or the one asset, when {@code assetId} is set) with a known length that
     * were stored at some time in {@code [from, to)}, at most {@code limit}. Failed encodes are not
     * stored media; a deleted asset counts until its delete.
     */
    Flux<Stored> stored(UUID accountId, UUID assetId, PlaybackWindow window, int limit) {
        String oneAsset = assetId == null ? "" : " AND id = :asset";
        DatabaseClient.GenericExecuteSpec spec =
                db.sql(
                                "SELECT id, duration_ms, created_at, deleted_at FROM rend.assets"
                                        + " WHERE account_id = :account AND duration_ms > 0"
                                        + " AND playable_state <> 'failed' AND created_at < :to"
                                        + " AND (deleted_at IS NULL OR deleted_at > :from)"
                                        + oneAsset
                                        + " ORDER BY id LIMIT :limit")
                        .bind("account", accountId)
                        .bind("from", window.from().atOffset(ZoneOffset.UTC))
                        .bind("to", window.to().atOffset(ZoneOffset.UTC))
                        .bind("limit", limit);
        if (assetId != null) {
            spec = spec.bind("asset", assetId);
        }
        return spec.map(
                        row -> {
                            OffsetDateTime deleted = row.get("deleted_at", OffsetDateTime.class);
                            return new Stored(
                                    row.get("id", UUID.class),
                                    row.get("duration_ms", Long.class),
                                    row.get("created_at", OffsetDateTime.class).toInstant(),
                                    deleted == null ? null : deleted.toInstant());
                        })
                .all();
    }
}
