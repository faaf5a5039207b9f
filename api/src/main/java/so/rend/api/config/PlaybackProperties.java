package so.rend.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.playback.PlaybackKey;

/**
 * How the API signs playback URLs.
 *
 * @param signingKeyId {@code REND_PLAYBACK_SIGNING_KEY_ID} (edges must accept it)
 * @param signingSecret {@code REND_PLAYBACK_SIGNING_SECRET} (at least 16 bytes)
 * @param tokenTtl {@code REND_PLAYBACK_TOKEN_TTL_SECS}
 * @param prefetchSegments {@code REND_PLAYBACK_BOOTSTRAP_PREFETCH_SEGMENTS}: segment hints in a
 *     bootstrap
 * @param baseUrl {@code REND_PLAYBACK_BASE_URL}: where viewers reach the edges (the GeoDNS name in
 *     production)
 * @param beaconUrl {@code REND_PLAYBACK_BEACON_URL}: where players send their QoE beacons (this
 *     API's public address + {@code /v1/playback/beacons}); empty: bootstraps name none and players
 *     send none
 */
@ConfigurationProperties("rend.playback")
public record PlaybackProperties(
        String signingKeyId,
        String signingSecret,
        Duration tokenTtl,
        int prefetchSegments,
        String baseUrl,
        String beaconUrl) {

    public PlaybackProperties {
        signingKey(signingKeyId, signingSecret);
        if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("REND_PLAYBACK_TOKEN_TTL_SECS must be positive");
        }
        if (prefetchSegments < 0 || prefetchSegments > 10) {
            throw new IllegalArgumentException(
                    "REND_PLAYBACK_BOOTSTRAP_PREFETCH_SEGMENTS must be between 0 and 10");
        }
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("REND_PLAYBACK_BASE_URL must be an http(s) URL");
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        beaconUrl = beaconUrl == null || beaconUrl.isBlank() ? null : beaconUrl.trim();
        if (beaconUrl != null
                && !(beaconUrl.startsWith("http://") || beaconUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("REND_PLAYBACK_BEACON_URL must be an http(s) URL");
        }
    }

    public PlaybackKey signingKey() {
        return signingKey(signingKeyId, signingSecret);
    }

    private static PlaybackKey signingKey(String id, String secret) {
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(
                    "REND_PLAYBACK_SIGNING_KEY_ID and REND_PLAYBACK_SIGNING_SECRET must be set");
        }
        return PlaybackKey.of(id, secret);
    }

    @Override
    public String toString() {
        return "PlaybackProperties[signingKeyId="
                + signingKeyId
                + ", signingSecret=<redacted>, tokenTtl="
                + tokenTtl
                + ", prefetchSegments="
                + prefetchSegments
                + ", baseUrl="
                + baseUrl
                + ", beaconUrl="
                + beaconUrl
                + "]";
    }
}
