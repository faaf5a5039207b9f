package so.rend.api.uploads;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import so.rend.api.assets.AssetMetadata;
import so.rend.api.assets.MetadataPatch;
import so.rend.objectlayout.AssetObjectKeys;

/** A direct upload session as stored; {@code uploadLength} is null until tus creates the upload. */
record UploadSession(
        UUID id,
        UUID accountId,
        UUID assetId,
        byte[] tokenSha256,
        String status,
        String corsOrigin,
        long maxBytes,
        Instant expiresAt,
        String newAssetMetadata,
        Long uploadLength,
        String contentType,
        long uploadOffset,
        long stagedBytes,
        int nextPart,
        String s3UploadId,
        String errorCode,
        String errorMessage,
        Instant createdAt) {

    static final String WAITING = "waiting";
    static final String ASSET_CREATED = "asset_created";
    static final String TIMED_OUT = "timed_out";
    static final String CANCELLED = "cancelled";
    static final String ERRORED = "errored";

    static final String COLUMNS =
            """
            id, account_id, asset_id, token_sha256, status, cors_origin, max_bytes, expires_at,
            new_asset_metadata::text AS new_asset_metadata, upload_length, content_type,
            upload_offset, staged_bytes, next_part, s3_upload_id, error_code, error_message,
            created_at""";

    static UploadSession of(Readable row) {
        return new UploadSession(
                row.get("id", UUID.class),
                row.get("account_id", UUID.class),
                row.get("asset_id", UUID.class),
                row.get("token_sha256", byte[].class),
                row.get("status", String.class),
                row.get("cors_origin", String.class),
                row.get("max_bytes", Long.class),
                row.get("expires_at", OffsetDateTime.class).toInstant(),
                row.get("new_asset_metadata", String.class),
                row.get("upload_length", Long.class),
                row.get("content_type", String.class),
                row.get("upload_offset", Long.class),
                row.get("staged_bytes", Long.class),
                row.get("next_part", Integer.class),
                row.get("s3_upload_id", String.class),
                row.get("error_code", String.class),
                row.get("error_message", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }

    /** Waiting, but past its expiry: timed out, whether or not the sweep has recorded it yet. */
    boolean expired(Instant now) {
        return WAITING.equals(status) && !now.isBefore(expiresAt);
    }

    /** The status a client is told: a waiting session past its expiry has timed out. */
    String statusAt(Instant now) {
        return expired(now) ? TIMED_OUT : status;
    }

    boolean waitingAt(Instant now) {
        return WAITING.equals(status) && !expired(now);
    }

    String objectKey() {
        return AssetObjectKeys.source(assetId);
    }

    AssetMetadata metadata() {
        return MetadataPatch.parse(newAssetMetadata, "new_asset_settings").asCreated();
    }
}
