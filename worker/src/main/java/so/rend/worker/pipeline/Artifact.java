package so.rend.worker.pipeline;

/**
 * One row of {@code rend.artifacts} as the worker writes it; {@code mediaMillis} is the media time
 * of an opener or a media segment (a row of {@code rend.artifact_media} too), 0 for other files.
 */
record Artifact(
        String kind,
        String rendition,
        String objectKey,
        String contentType,
        long byteSize,
        long mediaMillis) {

    Artifact(String kind, String rendition, String objectKey, String contentType, long byteSize) {
        this(kind, rendition, objectKey, contentType, byteSize, 0);
    }

    public static final String OPENER = "opener";
    public static final String THUMBNAIL = "thumbnail";
    public static final String MASTER_PLAYLIST = "master_playlist";
    public static final String MEDIA_PLAYLIST = "media_playlist";
    public static final String INIT_SEGMENT = "init_segment";
    public static final String MEDIA_SEGMENT = "media_segment";

    public static final String MP4 = "video/mp4";
    public static final String JPEG = "image/jpeg";
    public static final String HLS_PLAYLIST = "application/vnd.apple.mpegurl";
}
