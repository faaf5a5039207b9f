package so.rend.playback;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The grammar of a public playback URL path: {@code /p/<token>/<asset_id>/<artifact>}, where the
 * artifact is one of the names the worker publishes under {@code videos/<asset_id>/}. Parsing works
 * on the raw, undecoded path and accepts only a small alphabet, so percent-encoding, double
 * encoding, backslashes, empty segments and dot segments are all refused before anything else
 * happens.
 *
 * @param token the token text, unchecked
 * @param assetId the asset
 * @param artifactPath the artifact below {@code videos/<asset_id>/}, e.g. {@code
 *     hls/720p/seg_00001.m4s}
 */
public record PlaybackPath(String token, UUID assetId, String artifactPath) {

    public static final int MAX_PATH_LENGTH = 400;

    private static final Pattern ASSET_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ARTIFACT =
            Pattern.compile(
                    "opener\\.mp4|thumbnail\\.jpg|hls/master\\.m3u8"
                            + "|hls/[a-z0-9_]{1,32}/[A-Za-z0-9_-]{1,64}\\.(m3u8|m4s|mp4|ts|aac)");

    /** Parses a raw request path; empty for anything that is not exactly a playback path. */
    public static Optional<PlaybackPath> parse(String rawPath) {
        if (rawPath == null || rawPath.length() > MAX_PATH_LENGTH || !rawPath.startsWith("/p/")) {
            return Optional.empty();
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '/'
                            || c == '.'
                            || c == '-'
                            || c == '_';
            if (!ok) {
                return Optional.empty();
            }
        }
        int tokenEnd = rawPath.indexOf('/', 3);
        if (tokenEnd < 4) {
            return Optional.empty();
        }
        int assetEnd = rawPath.indexOf('/', tokenEnd + 1);
        if (assetEnd < 0) {
            return Optional.empty();
        }
        String token = rawPath.substring(3, tokenEnd);
        String asset = rawPath.substring(tokenEnd + 1, assetEnd);
        String artifact = rawPath.substring(assetEnd + 1);
        if (token.length() > PlaybackTokens.MAX_TOKEN_LENGTH
                || !ASSET_ID.matcher(asset).matches()
                || !ARTIFACT.matcher(artifact).matches()) {
            return Optional.empty();
        }
        return Optional.of(new PlaybackPath(token, UUID.fromString(asset), artifact));
    }

    /** Whether {@code artifactPath} is a name the edge serves (for internal warm/purge lists). */
    public static boolean isArtifactPath(String artifactPath) {
        return artifactPath != null
                && artifactPath.length() <= 120
                && ARTIFACT.matcher(artifactPath).matches();
    }

    /** The path of {@code artifactPath} of {@code assetId} under {@code token}. */
    public static String of(String token, UUID assetId, String artifactPath) {
        return "/p/" + token + "/" + assetId + "/" + artifactPath;
    }

    @Override
    public String toString() {
        return "PlaybackPath[token=<redacted>, assetId="
                + assetId
                + ", artifactPath="
                + artifactPath
                + "]";
    }
}
