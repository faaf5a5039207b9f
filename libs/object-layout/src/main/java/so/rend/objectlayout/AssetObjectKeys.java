package so.rend.objectlayout;

import java.util.UUID;

/**
 * Where an asset's objects live in the bucket. The API writes the source, the worker the playback
 * artifacts, the edge reads them; all three take the keys from here.
 *
 * <pre>
 * sources/&lt;asset_id&gt;/source
 * videos/&lt;asset_id&gt;/opener.mp4, thumbnail.jpg, hls/master.m3u8, hls/&lt;rendition&gt;/…
 * </pre>
 */
public final class AssetObjectKeys {

    private static final String SOURCES = "sources/";
    private static final String VIDEOS = "videos/";

    public static final String OPENER = "opener.mp4";
    public static final String THUMBNAIL = "thumbnail.jpg";
    public static final String HLS_DIRECTORY = "hls/";
    public static final String MASTER_PLAYLIST = HLS_DIRECTORY + "master.m3u8";

    private AssetObjectKeys() {}

    public static String sourcePrefix(UUID assetId) {
        return SOURCES + assetId + "/";
    }

    /** The uploaded source, as the API stores it. */
    public static String source(UUID assetId) {
        return sourcePrefix(assetId) + "source";
    }

    /** Every playback artifact of the asset lives below this prefix. */
    public static String videoPrefix(UUID assetId) {
        return VIDEOS + assetId + "/";
    }

    /**
     * A playback artifact by its path below {@link #videoPrefix}, e.g. {@code
     * hls/720p/segment_00003.m4s}.
     */
    public static String artifact(UUID assetId, String artifactPath) {
        return videoPrefix(assetId) + artifactPath;
    }

    /**
     * A playback artifact by {@code <asset_id>/<artifact path>}, the edge's cache key, which is the
     * key below {@code videos/}.
     */
    public static String artifact(String assetIdAndPath) {
        return VIDEOS + assetIdAndPath;
    }

    public static String opener(UUID assetId) {
        return artifact(assetId, OPENER);
    }

    public static String thumbnail(UUID assetId) {
        return artifact(assetId, THUMBNAIL);
    }

    public static String hlsPrefix(UUID assetId) {
        return artifact(assetId, HLS_DIRECTORY);
    }

    public static String masterPlaylist(UUID assetId) {
        return artifact(assetId, MASTER_PLAYLIST);
    }

    /** The artifact path of a rendition's file, e.g. {@code hls/720p/segment_00003.m4s}. */
    public static String renditionPath(String rendition, String fileName) {
        return HLS_DIRECTORY + rendition + "/" + fileName;
    }

    /** A file of a rendition, e.g. {@code videos/<id>/hls/720p/segment_00003.m4s}. */
    public static String renditionFile(UUID assetId, String rendition, String fileName) {
        return artifact(assetId, renditionPath(rendition, fileName));
    }
}
