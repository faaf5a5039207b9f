from enum import StrEnum


class UploadMediaJobState(StrEnum):
    QUEUED = "queued"

    def __str__(self) -> str:
        return str(self.value)
