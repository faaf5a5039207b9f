from enum import StrEnum


class RedeliverWebhookResponse202State(StrEnum):
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
