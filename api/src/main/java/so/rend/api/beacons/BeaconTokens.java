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

    private final PlaybackTokens tokens;
    private final Clock clock;

    BeaconTokens(PlaybackKey key, Clock clock) {
        this.tokens = new PlaybackTokens(key, List.of(), clock);
        this.clock = clock;
    }

    boolean proves(String token, UUID assetId) {
        TokenVerdict verdict = tokens.verify(token, assetId);
        if (verdict == TokenVerdict.VALID) {
            return true;
        }
        if (verdict != TokenVerdict.EXPIRED) {
            return false;
        }
        // EXPIRED means well formed and signed: "<key>.<expiry>.<signature>", expiry in digits.
        long expiry =
                Long.parseLong(token.substring(token.indexOf('.') + 1, token.lastIndexOf('.')));
        return clock.instant().getEpochSecond() - expiry < GRACE.toSeconds();
    }
}
