package so.rend.api.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns delivered bytes and stored spans into the usage meters: pure arithmetic, no I/O. Delivered
 * media time of a file is {@code bytes / byte_size x media_ms}, so three full fetches count three
 * times its length and a range of half its bytes counts half. Files without a media time
 * (playlists, init segments, thumbnails) count nothing.
 */
final class UsageTally {

    private static final double MS_PER_MINUTE = 60_000.0;
    private static final double MS_PER_HOUR = 3_600_000.0;

    private final Map<UUID, Map<String, Long>> deliveredBytes = new HashMap<>();
    private final Map<UUID, Double> deliveredMillis = new HashMap<>();
    private final Map<UUID, Double> storedMinutes = new HashMap<>();
    private final Map<UUID, Double> storedMinuteHours = new HashMap<>();

    /** Adds ClickHouse rows {@code asset_id, artifact_path, bytes}. */
    UsageTally addDelivered(List<String[]> rows) {
        for (String[] row : rows) {
            deliveredBytes
                    .computeIfAbsent(UUID.fromString(row[0]), a -> new HashMap<>())
                    .merge(row[1], Long.parseLong(row[2]), Long::sum);
        }
        return this;
    }

    /** The assets that had deliveries, whose media files the meter needs. */
    Set<UUID> deliveredAssets() {
        return deliveredBytes.keySet();
    }

    int deliveredRows() {
        return deliveredBytes.values().stream().mapToInt(Map::size).sum();
    }

    UsageTally addMedia(List<UsageRepository.MediaFile> files) {
        for (UsageRepository.MediaFile file : files) {
            Long bytes = deliveredBytes.getOrDefault(file.assetId(), Map.of()).get(file.path());
            if (bytes != null) {
                double millis = (double) bytes / file.byteSize() * file.mediaMillis();
                deliveredMillis.merge(file.assetId(), millis, Double::sum);
            }
        }
        return this;
    }

    /** Adds stored spans, clipped to {@code [from, min(to, now))}. */
    UsageTally addStored(List<UsageRepository.Stored> spans, PlaybackWindow window, Instant now) {
        Instant end = window.to().isBefore(now) ? window.to() : now;
        for (UsageRepository.Stored span : spans) {
            double minutes = span.durationMillis() / MS_PER_MINUTE;
            Instant from = latest(window.from(), span.createdAt());
            Instant to = span.deletedAt() == null ? end : earliest(end, span.deletedAt());
            if (from.isBefore(to)) {
                double hours = Duration.between(from, to).toMillis() / MS_PER_HOUR;
                storedMinuteHours.merge(span.assetId(), minutes * hours, Double::sum);
            }
            if (span.createdAt().isBefore(end)
                    && (span.deletedAt() == null || span.deletedAt().isAfter(end))) {
                storedMinutes.merge(span.assetId(), minutes, Double::sum);
            }
        }
        return this;
    }

    UsageReport report(PlaybackWindow window, int limit) {
        Set<UUID> ids = new HashSet<>(deliveredMillis.keySet());
        ids.addAll(storedMinutes.keySet());
        ids.addAll(storedMinuteHours.keySet());
        List<UsageReport.AssetUsage> assets = new ArrayList<>();
        for (UUID id : ids) {
            assets.add(
                    new UsageReport.AssetUsage(
                            id,
                            round(deliveredMillis.getOrDefault(id, 0.0) / MS_PER_MINUTE),
                            round(storedMinutes.getOrDefault(id, 0.0)),
                            round(storedMinuteHours.getOrDefault(id, 0.0))));
        }
        assets.sort(
                Comparator.comparingDouble(UsageReport.AssetUsage::deliveredMinutes)
                        .thenComparingDouble(UsageReport.AssetUsage::storedMinuteHours)
                        .reversed()
                        .thenComparing(UsageReport.AssetUsage::assetId));
        return new UsageReport(
                new UsageReport.Window(window.from(), window.to()),
                round(sum(deliveredMillis) / MS_PER_MINUTE),
                round(sum(storedMinutes)),
                round(sum(storedMinuteHours)),
                List.copyOf(assets.subList(0, Math.min(limit, assets.size()))),
                assets.size() > limit);
    }

    private static double sum(Map<UUID, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Six decimals: a millisecond of media is 0.0000167 minutes. */
    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
