package so.rend.worker.pipeline;

/** One row of {@code rend.artifacts} as the worker writes it. */
record Artifact(
        String kind, String rendition, String objectKey, String contentType, long byteSize) {

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
