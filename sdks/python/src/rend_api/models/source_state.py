from enum import StrEnum


class SourceState(StrEnum):
    UPLOADED = "uploaded"

    def __str__(self) -> str:
        return str(self.value)
