package so.rend.api.analytics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The usage meters of an account in a window (snake_case on the wire): {@code delivered_minutes},
 * the media time of every opener and segment served with 200 or 206 (a partial answer counts its
 * share of the file's bytes); {@code stored_minutes}, the media minutes stored at the window's end
 * (or now, if sooner); {@code stored_minute_hours}, stored minutes integrated over the window's
 * hours (a 30 minute asset kept for a whole day is 720; divide by 730 for minutes stored per
 * month).
 */
public record UsageReport(
        Window window,
        double deliveredMinutes,
        double storedMinutes,
        double storedMinuteHours,
        List<AssetUsage> assets,
        boolean assetsTruncated) {

    /** The window the meters cover. */
    public record Window(Instant from, Instant to) {}

    /** One asset's meters; assets with no usage in the window are left out. */
    public record AssetUsage(
            UUID assetId,
            double deliveredMinutes,
            double storedMinutes,
            double storedMinuteHours) {}
}
