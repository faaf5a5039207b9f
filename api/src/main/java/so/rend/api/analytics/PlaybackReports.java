package so.rend.api.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of the playback analytics answers (snake_case on the wire). */
public final class PlaybackReports {

    private PlaybackReports() {}

    /** The window an answer covers. */
    public record Window(Instant from, Instant to, String granularity) {

        static Window of(PlaybackWindow window) {
            return new Window(window.from(), window.to(), window.granularity().wireName());
        }
    }

    /** One bucket of a time series: its start and the events in it. */
    public record Point(Instant start, long requests, long bytesServed) {}

    /** One asset of a top list. */
    public record TopAsset(UUID assetId, long requests, long bytesServed) {}

    /**
     * One asset's playback requests in the window, each event counted once however often it was
     * stored. {@code first_seen}/{@code last_seen} are within the window, null without requests.
     */
    public record AssetPlayback(
            UUID assetId,
            Window window,
            long requests,
            long bytesServed,
            Instant firstSeen,
            Instant lastSeen,
            Map<String, Long> byCacheStatus,
            Map<String, Long> byStatusCode,
            Map<String, Long> byRegion,
            List<Point> series,
            Qoe qoe) {

        AssetPlayback withQoe(Qoe measured) {
            return new AssetPlayback(
                    assetId,
                    window,
                    requests,
                    bytesServed,
                    firstSeen,
                    lastSeen,
                    byCacheStatus,
                    byStatusCode,
                    byRegion,
                    series,
                    measured);
        }
    }

    /**
     * What the players' beacons said about the asset's views whose beacons arrived in the window,
     * each view as its last beacon had it. Startup is from the play request to the first frame;
     * {@code rebuffer_ratio} is time stalled over time watched plus stalled. The startup
     * percentiles and the ratio are null without views that measured them.
     */
    public record Qoe(
            long views,
            Long startupMsP50,
            Long startupMsP95,
            long watchMs,
            long rebufferCount,
            long rebufferMs,
            Double rebufferRatio,
            long bitrateSwitches,
            long viewsWithFatalError) {

        static final Qoe NONE = new Qoe(0, null, null, 0, 0, 0, null, 0, 0);

        /** The one row of {@link PlaybackQueries#views}; both stores' cells as text. */
        static Qoe of(List<String[]> rows) {
            if (rows.isEmpty() || number(rows.get(0)[0]) == 0) {
                return NONE;
            }
            String[] row = rows.get(0);
            boolean timed = number(row[3]) > 0;
            long watched = number(row[4]);
            long stalled = number(row[5]);
            return new Qoe(
                    number(row[0]),
                    timed ? number(row[1]) : null,
                    timed ? number(row[2]) : null,
                    watched,
                    number(row[6]),
                    stalled,
                    watched + stalled > 0 ? (double) stalled / (watched + stalled) : null,
                    number(row[7]),
                    number(row[8]));
        }

        /** A count or sum: ClickHouse answers 0 over no rows, DuckDB null. */
        private static long number(String cell) {
            return cell == null || cell.equals("null") || cell.equals("\\N") || cell.isEmpty()
                    ? 0
                    : (long) Double.parseDouble(cell);
        }
    }

    /** The account's playback requests in the window and its top assets. */
    public record AccountPlayback(
            Window window,
            long requests,
            long bytesServed,
            Instant firstSeen,
            Instant lastSeen,
            Map<String, Long> byCacheStatus,
            Map<String, Long> byStatusCode,
            List<TopAsset> topAssetsByRequests,
            List<TopAsset> topAssetsByBytes) {}
}
