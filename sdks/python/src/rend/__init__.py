"""Rend's Python SDK: ``Rend`` wraps the client generated from Rend's OpenAPI spec (``rend_api``)."""

from rend_api import models

from ._client import Rend
from ._errors import AssetFailed, RendError
from ._retry import RetryPolicy
from ._sse import EventSubscription, ServerEvent
from ._webhooks import WEBHOOK_TOLERANCE_SECONDS, verify_webhook

__all__ = [
    "WEBHOOK_TOLERANCE_SECONDS",
    "AssetFailed",
    "EventSubscription",
    "Rend",
    "RendError",
    "RetryPolicy",
    "ServerEvent",
    "models",
    "verify_webhook",
]
