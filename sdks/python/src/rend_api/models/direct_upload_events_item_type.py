from enum import StrEnum


class DirectUploadEventsItemType(StrEnum):
    UPLOAD_ASSET_CREATED = "upload.asset_created"
    UPLOAD_CANCELLED = "upload.cancelled"
    UPLOAD_CREATED = "upload.created"
    UPLOAD_ERRORED = "upload.errored"
    UPLOAD_TIMED_OUT = "upload.timed_out"

    def __str__(self) -> str:
        return str(self.value)
