package so.rend.api.analytics;

import java.time.Clock;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetIds;
import so.rend.api.auth.ApiKeyFilter;
import so.rend.api.errors.ApiError;

/**
 * Playback analytics of one asset and of the whole account (reads; see {@link PlaybackAnalytics}),
 * and the usage meters ({@link UsageMeters}).
 */
@RestController
public class AnalyticsController {

    static final int DEFAULT_TOP = 10;

    static final int DEFAULT_USAGE_ASSETS = 100;
    static final int MAX_USAGE_ASSETS = 1000;

    private final PlaybackAnalytics analytics;
    private final UsageMeters usage;
    private final Clock clock;

    public AnalyticsController(PlaybackAnalytics analytics, UsageMeters usage) {
        this.analytics = analytics;
        this.usage = usage;
        this.clock = Clock.systemUTC();
    }

    @GetMapping("/v1/assets/{assetId}/analytics/playback")
    Mono<PlaybackReports.AssetPlayback> asset(
            ServerWebExchange exchange,
            @PathVariable String assetId,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "granularity", required = false) String granularity) {
        UUID account = ApiKeyFilter.account(exchange);
        UUID id = AssetIds.parse(assetId);
        if (id == null) {
            return Mono.error(ApiError.assetNotFound());
        }
        PlaybackWindow window = PlaybackWindow.parse(from, to, granularity, clock.instant());
        return analytics.asset(account, id, window);
    }

    @GetMapping("/v1/analytics/playback")
    Mono<PlaybackReports.AccountPlayback> account(
            ServerWebExchange exchange,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "limit", required = false) String limit) {
        UUID account = ApiKeyFilter.account(exchange);
        PlaybackWindow window = PlaybackWindow.parse(from, to, null, clock.instant());
        return analytics.account(
                account, window, limit(limit, DEFAULT_TOP, PlaybackQueries.MAX_GROUP_ROWS));
    }

    @GetMapping("/v1/usage")
    Mono<UsageReport> usage(
            ServerWebExchange exchange,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "asset_id", required = false) String assetId,
            @RequestParam(name = "limit", required = false) String limit) {
        UUID account = ApiKeyFilter.account(exchange);
        UUID asset = null;
        if (assetId != null && !assetId.isBlank()) {
            asset = AssetIds.parse(assetId);
            if (asset == null) {
                return Mono.error(ApiError.invalidParameter("asset_id", "must be a UUID"));
            }
        }
        PlaybackWindow window = PlaybackWindow.parse(from, to, null, clock.instant());
        return usage.usage(
                account, asset, window, limit(limit, DEFAULT_USAGE_ASSETS, MAX_USAGE_ASSETS));
    }

    private static int limit(String limit, int defaultValue, int max) {
        if (limit == null || limit.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(limit);
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.invalidParameter("limit", "must be a whole number from 1 to " + max);
    }
}
