package so.rend.api.beacons;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import so.rend.playback.PlaybackKey;
import so.rend.playback.PlaybackTokens;
import so.rend.playback.TokenVerdict;

/**
 * Whether a beacon's token proves its asset: signed by this API's playback key for that asset, and
 * unexpired or expired less than {@link #GRACE} ago (a view's last beacon, sent when the page
 * closes, may come after the URLs it played expired). A token older than that proves nothing here.
 */
final class BeaconTokens {

    static final Duration GRACE = Duration.ofHours(1);

    /** The playback tokens' own check, on a clock {@link #GRACE} behind: expiry plus grace. */
    private final PlaybackTokens tokens;

    BeaconTokens(PlaybackKey key, Clock clock) {
        this.tokens = new PlaybackTokens(key, List.of(), Clock.offset(clock, GRACE.negated()));
    }

    boolean proves(String token, UUID assetId) {
        return tokens.verify(token, assetId) == TokenVerdict.VALID;
    }
}
