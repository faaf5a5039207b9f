package so.rend.api.analytics;

import java.util.Collection;
import java.util.UUID;

/**
 * The analytics store's side of the delivered-minutes meter: bytes served with 200 or 206 per asset
 * and artifact path in the window, each event counted once however often it was stored (as {@link
 * PlaybackQueries} deduplicates). Postgres then says what a byte of each path is worth in media
 * time. Only checked values reach the text: UUIDs, epoch seconds, numbers, the qualified table.
 */
final class UsageQueries {

    private UsageQueries() {}

    /** Rows {@code asset_id, artifact_path, bytes}, at most {@code limit} of them. */
    static String delivered(
            PlaybackSql sql,
            String table,
            Collection<UUID> assetIds,
            PlaybackWindow window,
            int limit) {
        String events =
                PlaybackQueries.deduplicated(
                        sql,
                        table,
                        "asset_id IN (" + PlaybackQueries.inList(assetIds) + ")",
                        window);
        return "SELECT a, p, sum(b) FROM "
                + events
                + " WHERE s IN (200, 206) GROUP BY a, p LIMIT "
                + limit
                + sql.end();
    }
}
