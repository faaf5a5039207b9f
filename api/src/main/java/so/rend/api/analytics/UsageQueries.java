package so.rend.api.analytics;

import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The ClickHouse side of the delivered-minutes meter: bytes served with 200 or 206 per asset and
 * artifact path in the window, each event counted once however often it was stored (as {@link
 * PlaybackQueries} deduplicates). Postgres then says what a byte of each path is worth in media
 * time. Only checked values reach the text: UUIDs, epoch seconds, numbers, the qualified table.
 */
final class UsageQueries {

    private UsageQueries() {}

    /** Rows {@code asset_id, artifact_path, bytes} (TSV), at most {@code limit} of them. */
    static String delivered(
            String table, Collection<UUID> assetIds, PlaybackWindow window, int limit) {
        String ids = assetIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        return "SELECT a, p, sum(b) FROM (SELECT event_id, any(asset_id) AS a,"
                + " any(artifact_path) AS p, any(bytes_served) AS b, any(status_code) AS s FROM "
                + table
                + " WHERE asset_id IN ("
                + ids
                + ") AND observed_at >= toDateTime("
                + window.fromEpochSecond()
                + ") AND observed_at < toDateTime("
                + window.toEpochSecond()
                + ") GROUP BY event_id) WHERE s IN (200, 206) GROUP BY a, p LIMIT "
                + limit
                + " FORMAT TSV";
    }
}
