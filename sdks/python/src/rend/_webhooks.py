"""Verifies the ``rend-signature`` header of a webhook request.

The header is ``t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>``, with one ``v1`` per
signing secret while a rotation overlaps.
"""

from __future__ import annotations

import hashlib
import hmac
import time

WEBHOOK_TOLERANCE_SECONDS = 300


def verify_webhook(
    body: bytes | str,
    signature_header: str | None,
    secret: str,
    *,
    tolerance_seconds: int = WEBHOOK_TOLERANCE_SECONDS,
    now: int | None = None,
) -> bool:
    """Whether ``signature_header`` signs ``body`` (the raw bytes as received) with ``secret``.

    ``t`` must be within ``tolerance_seconds`` of ``now`` (default: the clock); every ``v1`` is
    compared in constant time.
    """
    if not signature_header:
        return False
    t: int | None = None
    signatures: list[str] = []
    for part in signature_header.split(","):
        item = part.strip()
        if item.startswith("t="):
            if not item[2:].isdigit():
                return False
            t = int(item[2:])
        elif item.startswith("v1="):
            signatures.append(item[3:])
    current = int(time.time()) if now is None else now
    if t is None or abs(current - t) > tolerance_seconds:
        return False
    payload = body.encode("utf-8") if isinstance(body, str) else body
    expected = hmac.new(secret.encode("utf-8"), f"{t}.".encode("ascii") + payload, hashlib.sha256).hexdigest()
    match = False
    for signature in signatures:
        if hmac.compare_digest(expected, signature):
            match = True
    return match
