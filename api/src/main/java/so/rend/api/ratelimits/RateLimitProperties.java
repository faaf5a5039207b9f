package so.rend.api.ratelimits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limits of the public API, per account and route class, and the bound on an account's open
 * event streams.
 *
 * @param creates {@code POST} and {@code DELETE} under {@code /v1/} ({@code
 *     REND_RATE_LIMIT_CREATES_PER_SEC}, {@code _BURST})
 * @param reads every other {@code GET} under {@code /v1/} ({@code REND_RATE_LIMIT_READS_…})
 * @param playback playback bootstraps ({@code REND_RATE_LIMIT_PLAYBACK_…})
 * @param eventStreams new {@code /v1/events} connections ({@code REND_RATE_LIMIT_EVENT_STREAMS_…})
 * @param maxEventStreamsPerKey open event streams of one account in one API process ({@code
 *     REND_MAX_SSE_PER_KEY})
 * @param redisUrl Redis shared by every API process; empty keeps the buckets in this process
 *     ({@code REND_REDIS_URL})
 * @param redisTimeout how long a request waits for Redis before this process decides alone ({@code
 *     REND_REDIS_TIMEOUT_MS})
 * @param localMaxKeys most buckets one process keeps in memory ({@code
 *     REND_RATE_LIMIT_LOCAL_MAX_KEYS})
 */
@ConfigurationProperties("rend.rate-limits")
public record RateLimitProperties(
        Limit creates,
        Limit reads,
        Limit playback,
        Limit eventStreams,
        int maxEventStreamsPerKey,
        String redisUrl,
        Duration redisTimeout,
        int localMaxKeys) {

    public RateLimitProperties {
        check(creates, "CREATES");
        check(reads, "READS");
        check(playback, "PLAYBACK");
        check(eventStreams, "EVENT_STREAMS");
        if (maxEventStreamsPerKey <= 0) {
            throw new IllegalArgumentException(
                    "REND_MAX_SSE_PER_KEY must be positive, was " + maxEventStreamsPerKey);
        }
        if (redisTimeout == null || redisTimeout.isNegative() || redisTimeout.isZero()) {
            throw new IllegalArgumentException("REND_REDIS_TIMEOUT_MS must be positive");
        }
        if (localMaxKeys <= 0) {
            throw new IllegalArgumentException("REND_RATE_LIMIT_LOCAL_MAX_KEYS must be positive");
        }
        redisUrl = redisUrl == null || redisUrl.isBlank() ? null : redisUrl.trim();
    }

    /** The limit of one route class. */
    public Limit limit(RouteClass routeClass) {
        return switch (routeClass) {
            case CREATES -> creates;
            case READS -> reads;
            case PLAYBACK -> playback;
            case EVENT_STREAMS -> eventStreams;
        };
    }

    private static void check(Limit limit, String name) {
        if (limit == null || limit.perSecond() <= 0 || limit.burst() <= 0) {
            throw new IllegalArgumentException(
                    "REND_RATE_LIMIT_"
                            + name
                            + "_PER_SEC and _BURST must be positive, were "
                            + limit);
        }
    }

    /**
     * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}.
     *
     * @param perSecond sustained requests per second
     * @param burst the bucket's size: requests allowed at once after a quiet spell
     */
    public record Limit(long perSecond, long burst) {

        /** How long an emptied bucket takes to fill again; a bucket idle that long is full. */
        Duration refillTime() {
            return Duration.ofMillis(Math.max(1, (burst * 1000 + perSecond - 1) / perSecond));
        }
    }

    @Override
    public String toString() {
        // The URL may carry a password.
        return "RateLimitProperties[creates="
                + creates
                + ", reads="
                + reads
                + ", playback="
                + playback
                + ", eventStreams="
                + eventStreams
                + ", maxEventStreamsPerKey="
                + maxEventStreamsPerKey
                + ", redis="
                + (redisUrl == null ? "off" : "on")
                + "]";
    }
}
