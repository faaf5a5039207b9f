package so.rend.api.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/**
 * The time window an analytics answer covers: {@code [from, to)} in whole seconds, at most {@link
 * #MAX_SPAN}, cut into buckets of one {@link Granularity} aligned to UTC; it spans at most {@link
 * #MAX_BUCKETS} of them (its series has one more when it is not aligned). Built from the query
 * string by {@link #parse}, which refuses with {@code invalid_window}.
 */
public record PlaybackWindow(Instant from, Instant to, Granularity granularity) {

    public static final Duration DEFAULT_SPAN = Duration.ofHours(24);
    public static final Duration MAX_SPAN = Duration.ofDays(31);
    public static final int MAX_BUCKETS = 1440;

    /** Bucket sizes; buckets start at whole multiples of the size since the epoch (UTC). */
    public enum Granularity {
        MINUTE(60),
        HOUR(3600),
        DAY(86400);

        private final long seconds;

        Granularity(long seconds) {
            this.seconds = seconds;
        }

        public long seconds() {
            return seconds;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The window the parameters name: {@code to} defaults to now, {@code from} to 24 h before
     * {@code to}, the granularity to hour. Blank parameters count as absent.
     */
    public static PlaybackWindow parse(
            String fromText, String toText, String granularityText, Instant now) {
        Instant to = blank(toText) ? now : instant("to", toText);
        Instant from = blank(fromText) ? to.minus(DEFAULT_SPAN) : instant("from", fromText);
        to = to.truncatedTo(ChronoUnit.SECONDS);
        from = from.truncatedTo(ChronoUnit.SECONDS);
        Granularity granularity = granularity(granularityText);
        if (!from.isBefore(to)) {
            throw invalid("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw invalid("the window may span at most 31 days");
        }
        PlaybackWindow window = new PlaybackWindow(from, to, granularity);
        // By span, not by bucket count: a window of 1440 steps that is not aligned to them (the
        // default 24 h at minute granularity) touches 1441 buckets, and must still be accepted.
        if (Duration.between(from, to).getSeconds() > MAX_BUCKETS * granularity.seconds()) {
            throw invalid(
                    "the window spans more than "
                            + MAX_BUCKETS
                            + " "
                            + granularity.wireName()
                            + "s; choose a coarser granularity");
        }
        return window;
    }

    public long fromEpochSecond() {
        return from.getEpochSecond();
    }

    public long toEpochSecond() {
        return to.getEpochSecond();
    }

    /** The start of the bucket holding {@code from}. */
    public long firstBucket() {
        return Math.floorDiv(fromEpochSecond(), granularity.seconds()) * granularity.seconds();
    }

    /** How many buckets the time series has (the first and last may be partly outside). */
    public long buckets() {
        long step = granularity.seconds();
        long lastBucket = Math.floorDiv(toEpochSecond() - 1, step) * step;
        return (lastBucket - firstBucket()) / step + 1;
    }

    private static Granularity granularity(String text) {
        if (blank(text)) {
            return Granularity.HOUR;
        }
        try {
            return Granularity.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("granularity must be minute, hour or day");
        }
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }

    private static ApiError invalid(String message) {
        return ApiErrorCode.INVALID_WINDOW.error(message);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
