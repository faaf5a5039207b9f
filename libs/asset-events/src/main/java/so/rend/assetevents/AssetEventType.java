package so.rend.assetevents;

/**
 * Every lifecycle event type Rend records in {@code rend.asset_events}, with its wire name (the
 * {@code event_type} of the API, the SSE {@code event} field).
 */
public enum AssetEventType {
    ASSET_CREATED("asset.created"),
    ASSET_UPDATED("asset.updated"),
    ASSET_OPENER_READY("asset.opener_ready"),
    ASSET_HLS_READY("asset.hls_ready"),
    ASSET_EDGE_WARMED("asset.edge_warmed"),
    ASSET_FAILED("asset.failed"),
    ASSET_DELETED("asset.deleted"),
    ASSET_EDGE_PURGED("asset.edge_purged"),
    ASSET_OBJECTS_DELETED("asset.objects_deleted"),
    MEDIA_JOB_STARTED("media_job.started"),
    MEDIA_JOB_SUCCEEDED("media_job.succeeded"),
    MEDIA_JOB_RETRY_SCHEDULED("media_job.retry_scheduled"),
    MEDIA_JOB_RELEASED("media_job.released"),
    MEDIA_JOB_FAILED("media_job.failed"),
    MEDIA_JOB_CANCELLED("media_job.cancelled");

    private final String wireName;

    AssetEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
