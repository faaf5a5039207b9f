"""Rend's Python SDK: ``Rend`` wraps the client generated from Rend's OpenAPI spec (``rend_api``)."""

from rend_api import models

from ._client import Rend
from ._errors import AssetFailed, RendError
from ._retry import RetryPolicy
from ._sse import EventSubscription, ServerEvent

__all__ = ["AssetFailed", "EventSubscription", "Rend", "RendError", "RetryPolicy", "ServerEvent", "models"]
