package so.rend.worker.pipeline;

import java.util.UUID;

/** Every object key the worker writes: the layout the playback edge reads. */
public final class ArtifactKeys {

    private ArtifactKeys() {}

    public static String videoPrefix(UUID assetId) {
        return "videos/" + assetId + "/";
    }

    public static String sourcePrefix(UUID assetId) {
        return "sources/" + assetId + "/";
    }

    public static String opener(UUID assetId) {
        return videoPrefix(assetId) + "opener.mp4";
    }

    public static String thumbnail(UUID assetId) {
        return videoPrefix(assetId) + "thumbnail.jpg";
    }

    public static String hlsPrefix(UUID assetId) {
        return videoPrefix(assetId) + "hls/";
    }

    public static String masterPlaylist(UUID assetId) {
        return hlsPrefix(assetId) + "master.m3u8";
    }

    /** A file of a rendition, e.g. {@code videos/<id>/hls/720p/segment_00003.m4s}. */
    public static String renditionFile(UUID assetId, String rendition, String fileName) {
        return hlsPrefix(assetId) + rendition + "/" + fileName;
    }
}
