"""Server-Sent Events: a line parser and a subscription that resumes with Last-Event-ID."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import httpx

from ._errors import RendError, retry_after_seconds
from ._retry import RetryPolicy


@dataclass(frozen=True)
class ServerEvent:
    """One lifecycle event frame: ``sequence`` (the frame's id), ``event_type`` and ``data`` (the
    ``Event`` as a dict; ``to_model()`` gives the generated ``rend_api.models.Event``)."""

    sequence: int
    event_type: str
    data: dict[str, Any] = field(repr=False)

    @property
    def asset_id(self) -> str:
        return str(self.data.get("asset_id"))

    def to_model(self) -> Any:
        from rend_api.models.event import Event

        return Event.from_dict(self.data)


def parse_frames(lines: Iterator[str]) -> Iterator[tuple[str | None, str | None, str | None]]:
    """Yields (id, event, data) per dispatched frame; comments and keep-alives yield (None, None, None)
    so a reader can check a deadline between frames."""
    frame_id: str | None = None
    event: str | None = None
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield frame_id, event, "\n".join(data)
            frame_id, event, data = None, None, []
            continue
        if line.startswith(":"):
            yield None, None, None
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "id":
            frame_id = value
        elif name == "event":
            event = value
        elif name == "data":
            data.append(value)


class EventSubscription:
    """Iterates the account's lifecycle events from ``GET /v1/events``. When the connection breaks or
    the server ends the stream (it cuts off a client that lags), it reconnects with ``Last-Event-ID``
    set to the last sequence received, so no event is lost or repeated. Use it in a ``with`` block or
    call ``close()``."""

    def __init__(
        self,
        http: httpx.Client,
        request_kwargs: Callable[[str | None], dict[str, Any]],
        retry: RetryPolicy,
        last_event_id: str | None = None,
    ) -> None:
        self._http = http
        self._request_kwargs = request_kwargs
        self._retry = retry
        self.last_event_id = last_event_id
        self.connections = 0
        self._response: httpx.Response | None = None
        self._closed = False

    def __enter__(self) -> "EventSubscription":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        if self._response is not None:
            self._response.close()

    def __iter__(self) -> Iterator[ServerEvent]:
        for item in self.frames():
            if item is not None:
                yield item

    def frames(self) -> Iterator[ServerEvent | None]:
        """Like iterating, but also yields ``None`` on each keep-alive so a caller can give up."""
        failures = 0
        while not self._closed:
            try:
                kwargs = self._request_kwargs(self.last_event_id)
                request = self._http.build_request(**kwargs)
                self._response = self._http.send(request, stream=True)
                self.connections += 1
                response = self._response
                if response.status_code != 200:
                    body = response.read()
                    response.close()
                    error = RendError.from_answer(response.status_code, response.headers, body)
                    if not self._retry.retries_status(error.status) or failures >= self._retry.max_retries:
                        raise error
                    time.sleep(self._retry.delay(failures, retry_after_seconds(response.headers)))
                    failures += 1
                    continue
                received = False
                for frame_id, event, data in parse_frames(response.iter_lines()):
                    if data is None:
                        yield None
                        continue
                    failures, received = 0, True
                    if frame_id is not None:
                        self.last_event_id = frame_id
                    payload = json.loads(data)
                    yield ServerEvent(int(frame_id or payload.get("sequence", 0)), event or str(payload.get("event_type")), payload)
                response.close()
                if not received:  # ended at once: back off rather than spin on reconnects
                    time.sleep(self._retry.delay(failures, None))
                    failures += 1
            except httpx.TransportError:
                if self._closed:
                    return
                if failures >= self._retry.max_retries:
                    raise
                time.sleep(self._retry.delay(failures, None))
                failures += 1
