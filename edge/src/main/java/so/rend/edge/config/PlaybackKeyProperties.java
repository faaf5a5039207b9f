package so.rend.edge.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.playback.PlaybackKey;

/**
 * The keys the edge accepts: {@code REND_PLAYBACK_SIGNING_KEY_ID}/{@code
 * REND_PLAYBACK_SIGNING_SECRET} (the API's current key) and {@code REND_PLAYBACK_ACCEPTED_KEYS}
 * ({@code kid:secret,…}, keys still accepted during a rotation).
 */
@ConfigurationProperties("rend.playback")
public record PlaybackKeyProperties(
        String signingKeyId, String signingSecret, String acceptedKeys) {

    public List<PlaybackKey> keys() {
        List<PlaybackKey> keys = new ArrayList<>(PlaybackKey.parseList(acceptedKeys));
        keys.add(PlaybackKey.of(signingKeyId, signingSecret));
        return keys;
    }

    @Override
    public String toString() {
        return "PlaybackKeyProperties[signingKeyId=" + signingKeyId + ", secrets=<redacted>]";
    }
}
