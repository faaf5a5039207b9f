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
 * FINAL} would also do on 18.16 but merges whole parts at read time). {@link PlaybackSql} writes
 * the few words in which ClickHouse and the embedded mode's DuckDB differ.
 *
 * <p>Only checked values reach the text: UUIDs, epoch seconds, the granularity's step and the
 * qualified table name ({@code ClickHouseSettings#table}); no request text.
 */
public final class PlaybackQueries {

    /** The rows of a region or top-assets grouping one answer carries at most. */
    public static final int MAX_GROUP_ROWS = 100;

    private PlaybackQueries() {}

    /** Totals, cache statuses, status codes, regions and the time series of one asset. */
    public static String asset(PlaybackSql sql, String table, UUID assetId, PlaybackWindow window) {
        String events = deduplicated(sql, table, "asset_id = '" + assetId + "'", window);
        long step = window.granularity().seconds();
        return statement(
                sql,
                events,
                grouping(
                        sql,
                        "region",
                        "r",
                        events,
                        " ORDER BY requests DESC, key LIMIT " + MAX_GROUP_ROWS),
                grouping(
                        sql,
                        "series",
                        "CAST(" + sql.bucket("t", step) + " AS String)",
                        events,
                        ""));
    }

    /**
     * Totals, cache statuses, status codes and the top {@code limit} assets by requests and by
     * bytes among {@code assetIds} (one chunk of an account's assets).
     */
    public static String account(
            PlaybackSql sql,
            String table,
            Collection<UUID> assetIds,
            PlaybackWindow window,
            int limit) {
        String events = deduplicated(sql, table, "asset_id IN (" + inList(assetIds) + ")", window);
        return statement(
                sql,
                events,
                grouping(
                        sql,
                        "top_requests",
                        "a",
                        events,
                        " ORDER BY requests DESC, key LIMIT " + limit),
                grouping(
                        sql, "top_bytes", "a", events, " ORDER BY bytes DESC, key LIMIT " + limit));
    }

    /**
     * The QoE of one asset's views whose beacons arrived in the window: one row {@code views,
     * startup p50, startup p95, views with a startup, watch ms, rebuffer ms, rebuffers, bitrate
     * switches, views with a fatal error}, each view read from its last beacon (highest {@code
     * seq}). A view's startup is -1 until its first frame; those views count, their startup does
     * not.
     */
    public static String views(PlaybackSql sql, String table, UUID assetId, PlaybackWindow window) {
        String perView =
                "(SELECT view_id, "
                        + sql.argMax("startup_ms", "seq")
                        + " AS st, "
                        + sql.argMax("watch_ms", "seq")
                        + " AS w, "
                        + sql.argMax("rebuffer_ms", "seq")
                        + " AS rb, "
                        + sql.argMax("rebuffer_count", "seq")
                        + " AS rbc, "
                        + sql.argMax("bitrate_switches", "seq")
                        + " AS sw, "
                        + sql.argMax("fatal_error", "seq")
                        + " AS err FROM "
                        + table
                        + " WHERE asset_id = '"
                        + assetId
                        + "' AND received_at >= "
                        + sql.time(window.fromEpochSecond())
                        + " AND received_at < "
                        + sql.time(window.toEpochSecond())
                        + " GROUP BY view_id)";
        return "SELECT count(), "
                + sql.quantileWhere(0.5, "st", "st >= 0")
                + ", "
                + sql.quantileWhere(0.95, "st", "st >= 0")
                + ", "
                + sql.countWhere("st >= 0")
                + ", sum(w), sum(rb), sum(rbc), sum(sw), "
                + sql.countWhere("err != ''")
                + " FROM "
                + perView
                + sql.end();
    }

    /** Quoted UUIDs for an {@code IN} list. */
    static String inList(Collection<UUID> assetIds) {
        return assetIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }

    /** The groupings every answer has (total, cache status, status code), then {@code more}. */
    private static String statement(PlaybackSql sql, String events, String... more) {
        List<String> groupings = new ArrayList<>();
        groupings.add(grouping(sql, "total", sql.constant(""), events, ""));
        groupings.add(grouping(sql, "cache_status", "CAST(c AS String)", events, ""));
        groupings.add(grouping(sql, "status_code", "CAST(s AS String)", events, ""));
        groupings.addAll(List.of(more));
        return String.join(" UNION ALL ", groupings) + sql.end();
    }

    private static String grouping(
            PlaybackSql sql, String kind, String key, String events, String tail) {
        return sql.member(
                "SELECT "
                        + sql.constant(kind)
                        + " AS kind, "
                        + key
                        + " AS key, count() AS requests, sum(b) AS bytes, "
                        + sql.epochSeconds("min(t)")
                        + " AS first, "
                        + sql.epochSeconds("max(t)")
                        + " AS last FROM "
                        + events
                        + " GROUP BY key"
                        + tail);
    }

    /** One row per event_id in the window; aliases differ from the columns on purpose. */
    static String deduplicated(
            PlaybackSql sql, String table, String assets, PlaybackWindow window) {
        return "(SELECT event_id, "
                + sql.anyValue("observed_at")
                + " AS t, "
                + sql.anyValue("asset_id")
                + " AS a, "
                + sql.anyValue("artifact_path")
                + " AS p, "
                + sql.anyValue("cache_status")
                + " AS c, "
                + sql.anyValue("status_code")
                + " AS s, "
                + sql.anyValue("region")
                + " AS r, "
                + sql.anyValue("bytes_served")
                + " AS b FROM "
                + table
                + " WHERE "
                + assets
                + " AND observed_at >= "
                + sql.time(window.fromEpochSecond())
                + " AND observed_at < "
                + sql.time(window.toEpochSecond())
                + " GROUP BY event_id)";
    }
}
