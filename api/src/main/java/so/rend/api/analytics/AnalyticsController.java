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
 * Playback analytics of one asset and of the whole account (reads; see {@link PlaybackAnalytics}).
 */
@RestController
public class AnalyticsController {

    static final int DEFAULT_TOP = 10;

    private final PlaybackAnalytics analytics;
    private final Clock clock;

    public AnalyticsController(PlaybackAnalytics analytics) {
        this.analytics = analytics;
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
        return analytics.account(account, window, top(limit));
    }

    private static int top(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_TOP;
        }
        try {
            int parsed = Integer.parseInt(limit);
            if (parsed >= 1 && parsed <= PlaybackQueries.MAX_GROUP_ROWS) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.invalidParameter(
                "limit", "must be a whole number from 1 to " + PlaybackQueries.MAX_GROUP_ROWS);
    }
}
