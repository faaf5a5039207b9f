package so.rend.edge.cache;

import java.util.UUID;
import java.util.regex.Pattern;
import so.rend.objectlayout.AssetObjectKeys;

/** What the edge knows about a playback artifact from its name alone. */
public final class Artifacts {

    /** The first segments of every rendition: what a player asks for in its first seconds. */
    private static final Pattern EARLY_SEGMENT =
            Pattern.compile("hls/[^/]+/segment_0000[0-2]\\.m4s");

    private Artifacts() {}

    public static String contentType(String artifactPath) {
        if (artifactPath.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (artifactPath.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        if (artifactPath.endsWith(".mp4")) {
            return "video/mp4";
        }
        if (artifactPath.endsWith(".jpg")) {
            return "image/jpeg";
        }
        if (artifactPath.endsWith(".ts")) {
            return "video/mp2t";
        }
        if (artifactPath.endsWith(".aac")) {
            return "audio/aac";
        }
        return "application/octet-stream";
    }

    /**
     * Every artifact key names immutable bytes (a re-encode is purged first), so browsers may keep
     * them; playlists get a shorter life so a purge reaches players sooner.
     */
    public static String cacheControl(String artifactPath) {
        return artifactPath.endsWith(".m3u8")
                ? "private, max-age=60"
                : "private, max-age=86400, immutable";
    }

    /**
     * Whether the RAM tier should hold it: openers, playlists, thumbnails, init and first segments.
     */
    public static boolean belongsInRam(String artifactPath) {
        return artifactPath.equals(AssetObjectKeys.OPENER)
                || artifactPath.equals(AssetObjectKeys.THUMBNAIL)
                || artifactPath.endsWith(".m3u8")
                || artifactPath.endsWith("/init.mp4")
                || EARLY_SEGMENT.matcher(artifactPath).matches();
    }

    /** The cache key (and relative cache file path) of an asset's artifact. */
    public static String cacheKey(UUID assetId, String artifactPath) {
        return assetId + "/" + artifactPath;
    }

    /** The origin object key of a cache key (which is the key below {@code videos/}). */
    public static String objectKey(String cacheKey) {
        return AssetObjectKeys.artifact(cacheKey);
    }
}
