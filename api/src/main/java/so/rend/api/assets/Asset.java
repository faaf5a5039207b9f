package so.rend.api.assets;

import java.time.Instant;
import java.util.UUID;

/** An asset as stored in {@code rend.assets}. */
public record Asset(
        UUID id,
        UUID accountId,
        String sourceState,
        String playableState,
        String sourceObjectKey,
        String sourceContentType,
        long sourceByteSize,
        Long durationMs,
        Integer width,
        Integer height,
        String videoCodec,
        String audioCodec,
        String failureCode,
        String failureMessage,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt,
        AssetMetadata metadata) {}
