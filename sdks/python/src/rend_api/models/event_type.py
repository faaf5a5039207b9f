from enum import StrEnum


class EventType(StrEnum):
    ASSET_CREATED = "asset.created"
    ASSET_DELETED = "asset.deleted"
    ASSET_EDGE_PURGED = "asset.edge_purged"
    ASSET_EDGE_WARMED = "asset.edge_warmed"
    ASSET_FAILED = "asset.failed"
    ASSET_HLS_READY = "asset.hls_ready"
    ASSET_OBJECTS_DELETED = "asset.objects_deleted"
    ASSET_OPENER_READY = "asset.opener_ready"
    ASSET_UPDATED = "asset.updated"
    MEDIA_JOB_CANCELLED = "media_job.cancelled"
    MEDIA_JOB_FAILED = "media_job.failed"
    MEDIA_JOB_RELEASED = "media_job.released"
    MEDIA_JOB_RETRY_SCHEDULED = "media_job.retry_scheduled"
    MEDIA_JOB_STARTED = "media_job.started"
    MEDIA_JOB_SUCCEEDED = "media_job.succeeded"

    def __str__(self) -> str:
        return str(self.value)
