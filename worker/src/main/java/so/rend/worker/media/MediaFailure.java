package so.rend.worker.media;

/**
 * A job failure as a value: a stable code (it lands in {@code media_jobs.last_error_code} and in
 * lifecycle events), a message for humans, and whether another attempt could succeed.
 */
public final class MediaFailure extends RuntimeException {

    /** ffprobe could not read the source, or it holds no video stream. Retrying cannot help. */
    public static final String SOURCE_NOT_VIDEO = "source_not_video";

    /**
     * The source is not one of the self-contained containers Rend opens ({@link SourceFormats}): a
     * manifest, playlist or anything else whose demuxer would open other files or URLs. Retrying
     * cannot help.
     */
    public static final String UNSUPPORTED_CONTAINER = "unsupported_container";

    /**
     * The probe found more work than this worker takes: longer than REND_MAX_SOURCE_SECONDS, more
     * pixels per frame than REND_MAX_SOURCE_PIXELS or more frames per second than
     * REND_MAX_SOURCE_FPS ({@link SourceLimits}). Refused before any encode; retrying cannot help.
     */
    public static final String SOURCE_TOO_LARGE = "source_too_large";

    /**
     * The worker's scratch space cannot take the source and what is made from it. A condition of
     * the worker, not of the asset: the job goes back to the queue after a backoff, the attempt not
     * counted.
     */
    public static final String SCRATCH_SPACE_LOW = "scratch_space_low";

    /** The source object is not in the store. */
    public static final String SOURCE_MISSING = "source_missing";

    /**
     * An ffmpeg/ffprobe run exceeded REND_MEDIA_PROCESS_TIMEOUT_SECS and was killed. Retried once
     * at most: a second timeout of the same job fails it.
     */
    public static final String PROCESS_TIMEOUT = "process_timeout";

    /** ffmpeg exited non-zero on a source that probed fine. */
    public static final String ENCODE_FAILED = "encode_failed";

    /** The object store refused or failed a read or write. */
    public static final String STORAGE_ERROR = "storage_error";

    /** The worker lost its lease (another worker reclaimed the job); nothing more is written. */
    public static final String LEASE_LOST = "lease_lost";

    /**
     * The asset was deleted while its job ran: the run stops, publishes nothing more, and the job
     * ends {@code cancelled}.
     */
    public static final String ASSET_DELETED = "asset_deleted";

    /** Anything unexpected. */
    public static final String INTERNAL_ERROR = "internal_error";

    private final String code;
    private final boolean retryable;

    public MediaFailure(String code, boolean retryable, String message) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public MediaFailure(String code, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
