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
            List<Point> series) {}

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
