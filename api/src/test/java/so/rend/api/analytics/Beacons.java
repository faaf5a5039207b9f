package so.rend.api.analytics;

import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackTokens;

/** QoE beacons as a player sends them, and the tokens that authorize them. */
final class Beacons {

    static final PlaybackKey KEY =
            PlaybackKey.of(ApiTestEnvironment.PLAYBACK_KEY_ID, ApiTestEnvironment.PLAYBACK_SECRET);

    private Beacons() {}

    /** A token the test API would sign for {@code asset}, valid for ten minutes. */
    static String token(UUID asset) {
        return new PlaybackTokens(KEY, List.of(), Clock.systemUTC())
                .issue(asset, Duration.ofMinutes(10))
                .token();
    }

    /** A token of the test API's key for {@code asset} that expired {@code agoSeconds} ago. */
    static String expired(UUID asset, long agoSeconds) {
        Instant issued = Instant.now().minusSeconds(agoSeconds + 60);
        return new PlaybackTokens(KEY, List.of(), Clock.fixed(issued, ZoneOffset.UTC))
                .issue(asset, Duration.ofSeconds(59))
                .token();
    }

    /** A well-formed token signed with another secret. */
    static String forged(UUID asset) {
        return new PlaybackTokens(
                        PlaybackKey.of(
                                ApiTestEnvironment.PLAYBACK_KEY_ID, "not-the-api-secret-000000000"),
                        List.of(),
                        Clock.systemUTC())
                .issue(asset, Duration.ofMinutes(10))
                .token();
    }

    static String body(
            UUID asset,
            String token,
            UUID view,
            long seq,
            long startupMs,
            long watchMs,
            long rebuffers,
            long rebufferMs) {
        return ("{\"asset_id\":\"%s\",\"token\":\"%s\",\"view_id\":\"%s\",\"seq\":%d,"
                        + "\"startup_ms\":%d,\"page_first_frame_ms\":%d,\"watch_ms\":%d,"
                        + "\"rebuffer_count\":%d,\"rebuffer_ms\":%d,\"bitrate_switches\":0,"
                        + "\"player\":\"rend-player/test\"}")
                .formatted(
                        asset,
                        token,
                        view,
                        seq,
                        startupMs,
                        startupMs < 0 ? -1 : startupMs + 50,
                        watchMs,
                        rebuffers,
                        rebufferMs);
    }

    static HttpRequest post(RunningApi api, String body, String contentType) {
        return api.request("/v1/playback/beacons", null)
                .header("content-type", contentType)
                .header("origin", "https://customer.example")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpRequest preflight(RunningApi api) {
        return api.request("/v1/playback/beacons", null)
                .header("origin", "https://customer.example")
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build();
    }
}
