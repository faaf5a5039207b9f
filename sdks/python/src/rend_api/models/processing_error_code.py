from enum import StrEnum


class ProcessingErrorCode(StrEnum):
    ASSET_DELETED = "asset_deleted"
    ENCODE_FAILED = "encode_failed"
    INTERNAL_ERROR = "internal_error"
    LEASE_EXPIRED = "lease_expired"
    LEASE_LOST = "lease_lost"
    PROCESS_TIMEOUT = "process_timeout"
    SCRATCH_SPACE_LOW = "scratch_space_low"
    SOURCE_MISSING = "source_missing"
    SOURCE_NOT_VIDEO = "source_not_video"
    SOURCE_TOO_LARGE = "source_too_large"
    STORAGE_ERROR = "storage_error"
    UNSUPPORTED_CONTAINER = "unsupported_container"

    def __str__(self) -> str:
        return str(self.value)
