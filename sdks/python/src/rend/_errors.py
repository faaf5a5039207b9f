"""The SDK's exceptions: every refusal of the API becomes a RendError with its status and code."""

from __future__ import annotations

import json
from typing import Any, Mapping


class RendError(Exception):
    """An error answer of the API: HTTP status, the stable machine-readable ``code`` (one of the
    spec's ``ErrorCode`` values, kept as a string so codes added later still arrive), the human
    ``message`` and, on 429/503, ``retry_after`` in seconds."""

    def __init__(self, status: int, code: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after

    @classmethod
    def from_answer(cls, status: int, headers: Mapping[str, str], body: bytes) -> "RendError":
        code, message = "http_" + str(status), body[:200].decode("utf-8", "replace") or "no error body"
        try:
            error: Any = json.loads(body)["error"]
            code, message = str(error["code"]), str(error["message"])
        except (ValueError, KeyError, TypeError):
            pass  # not Rend's error shape (e.g. a proxy's page): keep the status and the body's start
        return cls(status, code, message, retry_after_seconds(headers))


class AssetFailed(Exception):
    """The asset will not become playable: processing failed (``code`` is its ``failure.code``) or
    it was deleted (``code`` is ``asset_deleted``)."""

    def __init__(self, asset_id: str, code: str, message: str) -> None:
        super().__init__(f"asset {asset_id} will not play: {code}: {message}")
        self.asset_id = asset_id
        self.code = code
        self.message = message


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None  # an HTTP-date: Rend sends seconds; treat as absent and back off
