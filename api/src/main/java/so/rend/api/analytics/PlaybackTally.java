package so.rend.api.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Adds up the rows of {@link PlaybackQueries}' statements (one statement, or one per chunk of an
 * account's assets: the chunks hold disjoint assets, so sums add and top lists merge exactly) and
 * shapes the answers. Pure: no I/O.
 */
public final class PlaybackTally {

    private long requests;
    private long bytes;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;
    private final Map<String, Long> cacheStatuses = new TreeMap<>();
    private final Map<String, Long> statusCodes = new TreeMap<>();
    private final Map<String, Long> regions = new HashMap<>();
    private final Map<Long, long[]> series = new HashMap<>();
    private final List<PlaybackReports.TopAsset> topByRequests = new ArrayList<>();
    private final List<PlaybackReports.TopAsset> topByBytes = new ArrayList<>();

    /** Adds rows of {@code kind, key, requests, bytes, first, last}. */
    public PlaybackTally add(List<String[]> rows) {
        for (String[] row : rows) {
            String key = row[1];
            long n = Long.parseLong(row[2]);
            long b = Long.parseLong(row[3]);
            switch (row[0]) {
                case "total" -> {
                    requests += n;
                    bytes += b;
                    first = Math.min(first, Long.parseLong(row[4]));
                    last = Math.max(last, Long.parseLong(row[5]));
                }
                case "cache_status" -> cacheStatuses.merge(key, n, Long::sum);
                case "status_code" -> statusCodes.merge(key, n, Long::sum);
                case "region" -> regions.merge(key, n, Long::sum);
                case "series" -> {
                    long[] point = series.computeIfAbsent(Long.parseLong(key), k -> new long[2]);
                    point[0] += n;
                    point[1] += b;
                }
                case "top_requests" ->
                        topByRequests.add(new PlaybackReports.TopAsset(UUID.fromString(key), n, b));
                case "top_bytes" ->
                        topByBytes.add(new PlaybackReports.TopAsset(UUID.fromString(key), n, b));
                default -> throw new IllegalArgumentException("unknown row kind " + row[0]);
            }
        }
        return this;
    }

    public PlaybackReports.AssetPlayback asset(UUID assetId, PlaybackWindow window) {
        return new PlaybackReports.AssetPlayback(
                assetId,
                PlaybackReports.Window.of(window),
                requests,
                bytes,
                firstSeen(),
                lastSeen(),
                cacheStatuses,
                statusCodes,
                byCountDescending(regions),
                zeroFilledSeries(window),
                PlaybackReports.Qoe.NONE);
    }

    public PlaybackReports.AccountPlayback account(PlaybackWindow window, int limit) {
        Comparator<PlaybackReports.TopAsset> byId =
                Comparator.comparing(PlaybackReports.TopAsset::assetId);
        Comparator<PlaybackReports.TopAsset> mostRequests =
                Comparator.comparingLong(PlaybackReports.TopAsset::requests)
                        .reversed()
                        .thenComparing(byId);
        Comparator<PlaybackReports.TopAsset> mostBytes =
                Comparator.comparingLong(PlaybackReports.TopAsset::bytesServed)
                        .reversed()
                        .thenComparing(byId);
        return new PlaybackReports.AccountPlayback(
                PlaybackReports.Window.of(window),
                requests,
                bytes,
                firstSeen(),
                lastSeen(),
                cacheStatuses,
                statusCodes,
                topByRequests.stream().sorted(mostRequests).limit(limit).toList(),
                topByBytes.stream().sorted(mostBytes).limit(limit).toList());
    }

    private Instant firstSeen() {
        return requests == 0 ? null : Instant.ofEpochSecond(first);
    }

    private Instant lastSeen() {
        return requests == 0 ? null : Instant.ofEpochSecond(last);
    }

    private List<PlaybackReports.Point> zeroFilledSeries(PlaybackWindow window) {
        long step = window.granularity().seconds();
        List<PlaybackReports.Point> points = new ArrayList<>();
        long start = window.firstBucket();
        for (long i = 0; i < window.buckets(); i++, start += step) {
            long[] point = series.getOrDefault(start, new long[2]);
            points.add(new PlaybackReports.Point(Instant.ofEpochSecond(start), point[0], point[1]));
        }
        return points;
    }

    private static Map<String, Long> byCountDescending(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
