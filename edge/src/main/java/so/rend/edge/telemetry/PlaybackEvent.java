package so.rend.edge.telemetry;

import java.util.UUID;

/**
 * One public playback request as it is stored in ClickHouse ({@code playback_events}): what was
 * asked for, by nobody in particular. It has no field that could hold a token, a query string, a
 * header, a cookie or an address. {@code assetId} and {@code artifactPath} are empty unless a valid
 * token proved the asset; {@code errorCode} is empty on success.
 *
 * @param observedAt epoch seconds when the answer finished
 * @param bytesServed body bytes that left the edge (an aborted download counts what was written)
 */
public record PlaybackEvent(
        UUID eventId,
        long observedAt,
        String assetId,
        String artifactPath,
        String edgeId,
        String region,
        String cacheStatus,
        int statusCode,
        long bytesServed,
        String contentType,
        long durationMs,
        String errorCode) {}
