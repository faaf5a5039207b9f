"""When and how long to wait before trying a request again."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """Retries on 429 and 5xx answers and on broken connections: ``Retry-After`` when the answer
    has one, else exponential backoff with full jitter (``base_delay * 2**attempt``, at most
    ``max_delay``). ``max_retries=0`` turns retries off."""

    max_retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0

    def retries_status(self, status: int) -> bool:
        return status == 429 or status >= 500

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return random.uniform(0, min(self.max_delay, self.base_delay * (2**attempt)))
