package so.rend.api.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The SQL of the analytics answers, as plain functions of the window and the assets. Every answer
 * is one statement: a {@code UNION ALL} of groupings, each row {@code kind, key, requests, bytes,
 * first, last} (TSV), all over the window's events deduplicated by {@code event_id} with {@code
 * GROUP BY event_id} (a replayed batch stores the same event twice until a merge folds it; {@code
 * FINAL} would also do on 18.16 but merges whole parts at read time).
 *
 * <p>Only checked values reach the text: UUIDs, epoch seconds, the granularity's step and the
 * qualified table name ({@code ClickHouseSettings#table}); no request text.
 */
public final class PlaybackQueries {

    /** The rows of a region or top-assets grouping one answer carries at most. */
    public static final int MAX_GROUP_ROWS = 100;

    private PlaybackQueries() {}

    /** Totals, cache statuses, status codes, regions and the time series of one asset. */
    public static String asset(String table, UUID assetId, PlaybackWindow window) {
        String events = deduplicated(table, "asset_id = '" + assetId + "'", window);
        long step = window.granularity().seconds();
        return statement(
                events,
                grouping(
                        "region",
                        "r",
                        events,
                        " ORDER BY requests DESC, key LIMIT " + MAX_GROUP_ROWS),
                grouping(
                        "series",
                        "toString(intDiv(toUInt32(t), " + step + ") * " + step + ")",
                        events,
                        ""));
    }

    /**
     * Totals, cache statuses, status codes and the top {@code limit} assets by requests and by
     * bytes among {@code assetIds} (one chunk of an account's assets).
     */
    public static String account(
            String table, Collection<UUID> assetIds, PlaybackWindow window, int limit) {
        String ids = assetIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        String events = deduplicated(table, "asset_id IN (" + ids + ")", window);
        return statement(
                events,
                grouping(
                        "top_requests", "a", events, " ORDER BY requests DESC, key LIMIT " + limit),
                grouping("top_bytes", "a", events, " ORDER BY bytes DESC, key LIMIT " + limit));
    }

    /** The groupings every answer has (total, cache status, status code), then {@code more}. */
    private static String statement(String events, String... more) {
        List<String> groupings = new ArrayList<>();
        groupings.add(grouping("total", "materialize('')", events, ""));
        groupings.add(grouping("cache_status", "toString(c)", events, ""));
        groupings.add(grouping("status_code", "toString(s)", events, ""));
        groupings.addAll(List.of(more));
        return String.join(" UNION ALL ", groupings) + " FORMAT TSV";
    }

    private static String grouping(String kind, String key, String events, String tail) {
        // materialize(): 18.16 wants the constant columns of UNION ALL members to be real columns.
        return "SELECT materialize('"
                + kind
                + "') AS kind, "
                + key
                + " AS key, count() AS requests, sum(b) AS bytes,"
                + " toUInt32(min(t)) AS first, toUInt32(max(t)) AS last FROM "
                + events
                + " GROUP BY key"
                + tail;
    }

    /** One row per event_id in the window; aliases differ from the columns on purpose. */
    private static String deduplicated(String table, String assets, PlaybackWindow window) {
        return "(SELECT event_id, any(observed_at) AS t, any(asset_id) AS a,"
                + " any(cache_status) AS c, any(status_code) AS s, any(region) AS r,"
                + " any(bytes_served) AS b FROM "
                + table
                + " WHERE "
                + assets
                + " AND observed_at >= toDateTime("
                + window.fromEpochSecond()
                + ") AND observed_at < toDateTime("
                + window.toEpochSecond()
                + ") GROUP BY event_id)";
    }
}
