"""The hand-written layer over the generated client (``rend_api``): streaming uploads, retries,
typed errors, pagination iterators, the event subscription and ``wait_until_playable``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Any, Callable, Iterator, TypeVar, Union

import httpx

from rend_api.api.assets import delete_asset, get_asset, list_asset_events, list_assets
from rend_api.api.events import stream_events
from rend_api.api.playback import get_playback
from rend_api.client import AuthenticatedClient
from rend_api.models import (
    Asset,
    AssetFailureType1,
    AssetPage,
    Deletion,
    Event,
    EventPage,
    PlayableState,
    PlaybackBootstrap,
    Upload,
)
from rend_api.types import UNSET, Response

from ._errors import AssetFailed, RendError, retry_after_seconds
from ._retry import RetryPolicy
from ._sse import EventSubscription

T = TypeVar("T")
UploadSource = Union[str, "os.PathLike[str]", IO[bytes]]
CHUNK_BYTES = 64 * 1024


class Rend:
    """A Rend API client. ``base_url`` and ``api_key`` default to ``REND_API_URL`` and ``REND_API_KEY``.

    Every method returns the generated model of the answer (``rend_api.models``) or raises
    ``RendError``; 429 and 5xx answers are retried per ``retry`` first."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 60.0,
        retry: RetryPolicy = RetryPolicy(),
    ) -> None:
        base_url = base_url or os.environ.get("REND_API_URL")
        api_key = api_key or os.environ.get("REND_API_KEY")
        if not base_url or not api_key:
            raise ValueError("Rend needs base_url and api_key (or REND_API_URL and REND_API_KEY)")
        self.retry = retry
        self.api = AuthenticatedClient(
            base_url=base_url.rstrip("/"),
            token=api_key,
            timeout=httpx.Timeout(timeout),
            raise_on_unexpected_status=False,
        )

    def __enter__(self) -> "Rend":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.api.get_httpx_client().close()

    @property
    def http(self) -> httpx.Client:
        """The underlying httpx client (base URL and ``Authorization`` set)."""
        return self.api.get_httpx_client()

    # -- generated operations, with retries and typed errors --------------------------------------

    def _call(self, operation: Callable[..., Response[Any]], **kwargs: Any) -> Any:
        attempt = 0
        while True:
            try:
                response = operation(client=self.api, **kwargs)
            except httpx.TransportError:
                if attempt >= self.retry.max_retries:
                    raise
                time.sleep(self.retry.delay(attempt, None))
                attempt += 1
                continue
            status = int(response.status_code)
            if status < 400:
                return response.parsed
            retry_after = retry_after_seconds(response.headers)
            if self.retry.retries_status(status) and attempt < self.retry.max_retries:
                time.sleep(self.retry.delay(attempt, retry_after))
                attempt += 1
                continue
            raise RendError.from_answer(status, response.headers, response.content)

    def get_asset(self, asset_id: str) -> Asset:
        return self._call(get_asset.sync_detailed, asset_id=asset_id)

    def list_assets(self, limit: int | None = None, cursor: str | None = None, **filters: Any) -> AssetPage:
        """One page of the account's assets, newest first. ``filters``: ``external_id``,
        ``creator_id``, ``tag`` (a list: every one must hold), ``playable_state``, ``created_after``
        (a datetime); a cursor is valid only with the filters it was issued under."""
        unknown = set(filters) - {"external_id", "creator_id", "tag", "playable_state", "created_after"}
        if unknown:
            raise TypeError(f"unknown list filters: {sorted(unknown)}")
        if filters.get("playable_state") is not None:
            filters["playable_state"] = PlayableState(filters["playable_state"])
        given = {name: value for name, value in filters.items() if value is not None}
        return self._call(list_assets.sync_detailed, limit=limit or UNSET, cursor=cursor or UNSET, **given)

    def iter_assets(self, page_size: int = 25, **filters: Any) -> Iterator[Asset]:
        """Every asset of the account (that passes ``filters``, as ``list_assets``), newest first,
        fetching a page at a time (cursor pagination)."""
        cursor: str | None = None
        while True:
            page = self.list_assets(limit=page_size, cursor=cursor, **filters)
            yield from page.data
            cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
            if not cursor:
                return

    def list_asset_events(self, asset_id: str, after_sequence: int = 0, limit: int | None = None) -> EventPage:
        return self._call(
            list_asset_events.sync_detailed, asset_id=asset_id, after_sequence=after_sequence, limit=limit or UNSET
        )

    def iter_asset_events(self, asset_id: str, after_sequence: int = 0, page_size: int = 100) -> Iterator[Event]:
        """The asset's lifecycle events so far, in sequence order, a page at a time."""
        while True:
            page = self.list_asset_events(asset_id, after_sequence=after_sequence, limit=page_size)
            yield from page.data
            if not page.data:
                return
            after_sequence = page.next_after_sequence

    def get_playback(self, asset_id: str) -> PlaybackBootstrap:
        return self._call(get_playback.sync_detailed, asset_id=asset_id)

    def delete_asset(self, asset_id: str) -> Deletion:
        return self._call(delete_asset.sync_detailed, asset_id=asset_id)

    def update_asset(self, asset_id: str, patch: dict[str, Any]) -> Asset:
        """Changes an asset's metadata: a JSON merge patch of ``title``, ``external_id``,
        ``creator_id``, ``passthrough``, ``tags`` (a key left out is kept, ``None`` clears it)."""
        attempt = 0
        while True:
            response = self.http.patch(
                f"/v1/assets/{asset_id}",
                content=json.dumps(patch).encode(),
                headers={"content-type": "application/merge-patch+json"},
            )
            if response.status_code == 200:
                return Asset.from_dict(response.json())
            error = RendError.from_answer(response.status_code, response.headers, response.content)
            if not (self.retry.retries_status(error.status) and attempt < self.retry.max_retries):
                raise error
            time.sleep(self.retry.delay(attempt, error.retry_after))
            attempt += 1

    # -- hand-written: what generation cannot serve -----------------------------------------------

    def upload(
        self,
        source: UploadSource,
        *,
        content_type: str = "video/mp4",
        size: int | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> Upload:
        """Uploads a video (``POST /v1/videos``) from a path or a binary file object, streamed in
        64 KiB chunks: the file is never held in memory. ``size`` (else the file's size, when it has
        one) is sent as ``Content-Length``; without it the body goes chunked. A path or a seekable
        file is sent again on 429/5xx or a broken connection; a pipe or socket is not. ``metadata``
        (``title``, ``external_id``, ``creator_id``, ``passthrough``, ``tags``) goes in
        ``X-Rend-Metadata`` as ASCII JSON."""
        headers = {"content-type": content_type}
        if metadata is not None:
            headers["x-rend-metadata"] = json.dumps(metadata, ensure_ascii=True, separators=(",", ":"))
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as file:
                return self._upload_file(file, headers, size, replayable=True)
        return self._upload_file(source, headers, size, replayable=_seekable(source))

    def _upload_file(self, file: IO[bytes], headers: dict[str, str], size: int | None, replayable: bool) -> Upload:
        start = file.tell() if replayable else 0
        if size is None:
            try:
                size = os.fstat(file.fileno()).st_size - start
            except (OSError, AttributeError, ValueError):
                size = None
        headers = dict(headers)
        if size is not None:
            headers["content-length"] = str(size)
        attempt = 0
        while True:
            try:
                response = self.http.post("/v1/videos", content=_chunks(file), headers=headers)
            except httpx.TransportError:
                if not replayable or attempt >= self.retry.max_retries:
                    raise
                response = None
            if response is not None and response.status_code == 201:
                return Upload.from_dict(response.json())
            if response is not None:
                error = RendError.from_answer(response.status_code, response.headers, response.content)
                if not (replayable and self.retry.retries_status(error.status) and attempt < self.retry.max_retries):
                    raise error
            time.sleep(self.retry.delay(attempt, error.retry_after if response is not None else None))
            attempt += 1
            file.seek(start)

    def events(
        self,
        asset_id: str | None = None,
        after_sequence: int | None = None,
        last_event_id: str | int | None = None,
    ) -> EventSubscription:
        """Subscribes to ``GET /v1/events`` (Server-Sent Events), optionally for one asset, replaying
        from ``after_sequence`` or ``last_event_id``; reconnects with ``Last-Event-ID`` by itself."""

        def request(last_id: str | None) -> dict[str, Any]:
            kwargs = stream_events._get_kwargs(
                asset_id=asset_id if asset_id is not None else UNSET,  # type: ignore[arg-type]
                after_sequence=after_sequence if after_sequence is not None else UNSET,
                last_event_id=last_id if last_id is not None else UNSET,
            )
            kwargs.setdefault("headers", {})["accept"] = "text/event-stream"
            # keep-alive comments come every 15 s; a read silent for much longer is a dead connection
            kwargs["timeout"] = httpx.Timeout(60.0, read=45.0)
            return kwargs

        initial = str(last_event_id) if last_event_id is not None else None
        return EventSubscription(self.http, request, self.retry, initial)

    def wait_until_playable(self, asset_id: str, state: str = "hls_ready", timeout: float = 600.0) -> Asset:
        """Follows the asset's events (from the start of its log, so nothing is missed) until it is
        ``state`` (``opener_ready`` or ``hls_ready``) and returns the asset; raises ``AssetFailed`` if
        it fails or is deleted first, ``TimeoutError`` after ``timeout`` seconds."""
        if state not in ("opener_ready", "hls_ready"):
            raise ValueError("state must be opener_ready or hls_ready")
        wanted = {"asset.hls_ready"} if state == "hls_ready" else {"asset.opener_ready", "asset.hls_ready"}
        deadline = time.monotonic() + timeout
        with self.events(asset_id=asset_id, after_sequence=0) as subscription:
            for event in subscription.frames():
                if event is not None and event.event_type in wanted:
                    return self.get_asset(asset_id)
                if event is not None and event.event_type in ("asset.failed", "asset.deleted"):
                    raise self._failed(asset_id, event.event_type)
                if time.monotonic() > deadline:
                    raise TimeoutError(f"asset {asset_id} not {state} after {timeout} s")
        raise TimeoutError(f"event stream for asset {asset_id} closed")

    def _failed(self, asset_id: str, event_type: str) -> AssetFailed:
        if event_type == "asset.deleted":
            return AssetFailed(asset_id, "asset_deleted", "the asset was deleted")
        failure = self.get_asset(asset_id).failure
        if isinstance(failure, AssetFailureType1):
            return AssetFailed(asset_id, failure.code.value, str(failure.message or ""))
        return AssetFailed(asset_id, "failed", event_type)


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_BYTES):
        yield chunk


def _seekable(file: IO[bytes]) -> bool:
    try:
        return file.seekable()
    except (AttributeError, ValueError):
        return False
