package so.rend.api.assets;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the durable lifecycle log {@code rend.asset_events}; {@code sequence} is the cursor.
 */
public record AssetEvent(
        long sequence,
        UUID eventId,
        UUID assetId,
        String eventType,
        String payloadJson,
        Instant createdAt) {}
