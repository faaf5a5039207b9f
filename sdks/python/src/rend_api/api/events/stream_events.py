from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    asset_id: UUID | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

    params: dict[str, Any] = {}

    json_asset_id: str | Unset = UNSET
    if not isinstance(asset_id, Unset):
        json_asset_id = str(asset_id)
    params["asset_id"] = json_asset_id

    params["after_sequence"] = after_sequence

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    asset_id: UUID | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[Error | str]:
    """Stream lifecycle events (Server-Sent Events)

     The account's lifecycle events as they happen, as `text/event-stream`: each frame's `id` is
    the event's durable `sequence`, `event` its `event_type`, `data` the event as JSON (`Event`).
    Reconnect with `Last-Event-ID` (it wins over `after_sequence`) and the stream resumes right
    after it, with neither gap nor duplicate. A comment opens the stream at once; keep-alive
    comments follow every 15 s. A client that falls more than 1000 events behind is cut off and
    reconnects.

    Args:
        asset_id (UUID | Unset):
        after_sequence (int | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs(
        asset_id=asset_id,
        after_sequence=after_sequence,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    asset_id: UUID | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Error | str | None:
    """Stream lifecycle events (Server-Sent Events)

     The account's lifecycle events as they happen, as `text/event-stream`: each frame's `id` is
    the event's durable `sequence`, `event` its `event_type`, `data` the event as JSON (`Event`).
    Reconnect with `Last-Event-ID` (it wins over `after_sequence`) and the stream resumes right
    after it, with neither gap nor duplicate. A comment opens the stream at once; keep-alive
    comments follow every 15 s. A client that falls more than 1000 events behind is cut off and
    reconnects.

    Args:
        asset_id (UUID | Unset):
        after_sequence (int | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return sync_detailed(
        client=client,
        asset_id=asset_id,
        after_sequence=after_sequence,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    asset_id: UUID | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Response[Error | str]:
    """Stream lifecycle events (Server-Sent Events)

     The account's lifecycle events as they happen, as `text/event-stream`: each frame's `id` is
    the event's durable `sequence`, `event` its `event_type`, `data` the event as JSON (`Event`).
    Reconnect with `Last-Event-ID` (it wins over `after_sequence`) and the stream resumes right
    after it, with neither gap nor duplicate. A comment opens the stream at once; keep-alive
    comments follow every 15 s. A client that falls more than 1000 events behind is cut off and
    reconnects.

    Args:
        asset_id (UUID | Unset):
        after_sequence (int | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs(
        asset_id=asset_id,
        after_sequence=after_sequence,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    asset_id: UUID | Unset = UNSET,
    after_sequence: int | Unset = UNSET,
    last_event_id: str | Unset = UNSET,
) -> Error | str | None:
    """Stream lifecycle events (Server-Sent Events)

     The account's lifecycle events as they happen, as `text/event-stream`: each frame's `id` is
    the event's durable `sequence`, `event` its `event_type`, `data` the event as JSON (`Event`).
    Reconnect with `Last-Event-ID` (it wins over `after_sequence`) and the stream resumes right
    after it, with neither gap nor duplicate. A comment opens the stream at once; keep-alive
    comments follow every 15 s. A client that falls more than 1000 events behind is cut off and
    reconnects.

    Args:
        asset_id (UUID | Unset):
        after_sequence (int | Unset):
        last_event_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return (
        await asyncio_detailed(
            client=client,
            asset_id=asset_id,
            after_sequence=after_sequence,
            last_event_id=last_event_id,
        )
    ).parsed
