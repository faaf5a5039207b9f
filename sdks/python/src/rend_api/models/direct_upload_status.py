from enum import StrEnum


class DirectUploadStatus(StrEnum):
    ASSET_CREATED = "asset_created"
    CANCELLED = "cancelled"
    ERRORED = "errored"
    TIMED_OUT = "timed_out"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
