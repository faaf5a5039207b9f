package so.rend.api.ratelimits;

import java.util.Locale;
import org.springframework.http.HttpMethod;

/** The route classes that each have their own budget per account. */
public enum RouteClass {
    /** Writes: uploads ({@code POST /v1/videos}), metadata patches and deletes. */
    CREATES,
    /** Reads of assets, their events and playback analytics. */
    READS,
    /** Playback bootstraps ({@code GET /v1/assets/{id}/playback}), which sign URLs. */
    PLAYBACK,
    /** New Server-Sent Event streams ({@code GET /v1/events}). */
    EVENT_STREAMS;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The class of a {@code /v1/} request. */
    public static RouteClass of(HttpMethod method, String path) {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return CREATES;
        }
        if (path.equals("/v1/events")) {
            return EVENT_STREAMS;
        }
        // Exactly /v1/assets/{id}/playback: /v1/assets/{id}/analytics/playback is a read.
        if (path.startsWith("/v1/assets/")
                && path.endsWith("/playback")
                && path.indexOf('/', "/v1/assets/".length())
                        == path.length() - "/playback".length()) {
            return PLAYBACK;
        }
        return READS;
    }

    /** The name in bucket keys and metrics, e.g. {@code event_streams}. */
    public String wireName() {
        return wireName;
    }
}
