from enum import StrEnum


class TerminateTusUploadTusResumable(StrEnum):
    VALUE_0 = "1.0.0"

    def __str__(self) -> str:
        return str(self.value)
