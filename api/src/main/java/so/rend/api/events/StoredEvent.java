package so.rend.api.events;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code rend.asset_events} as the live stream carries it. */
public record StoredEvent(
        long sequence,
        UUID eventId,
        UUID accountId,
        UUID assetId,
        String eventType,
        String payloadJson,
        Instant createdAt) {}
