import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.usage import Usage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    asset_id: UUID | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_asset_id: str | Unset = UNSET
    if not isinstance(asset_id, Unset):
        json_asset_id = str(asset_id)
    params["asset_id"] = json_asset_id

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/usage",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Usage | None:
    if response.status_code == 200:
        response_200 = Usage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

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
) -> Response[Error | Usage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    asset_id: UUID | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[Error | Usage]:
    """Get the account's usage meters

     The two meters Rend's usage is priced by, for the account (or one asset, `asset_id`) in
    `[from, to)`. **Delivered minutes**: the media time of every opener and HLS segment the edges
    served with 200 or 206, each request counted once (deduplicated like the analytics); a
    request that sent part of a file (a range, an aborted download) counts that share of the
    file's bytes. Playlists, init segments and thumbnails count nothing. **Stored minutes**:
    the media minutes of the account's stored assets at the window's end (or now, if sooner),
    and `stored_minute_hours`, those minutes integrated over the hours of the window they were
    kept (a 30-minute asset kept a whole day is 720; divide by 730 for minutes stored per
    month). A deleted asset stops counting at its delete; a failed encode is not stored media.
    Covers accounts of up to 50,000 assets and 500,000 delivered files per window
    (`422 analytics_scope_too_large` beyond: ask per asset or for a shorter window).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        asset_id (UUID | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Usage]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        asset_id=asset_id,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    asset_id: UUID | Unset = UNSET,
    limit: int | Unset = 100,
) -> Error | Usage | None:
    """Get the account's usage meters

     The two meters Rend's usage is priced by, for the account (or one asset, `asset_id`) in
    `[from, to)`. **Delivered minutes**: the media time of every opener and HLS segment the edges
    served with 200 or 206, each request counted once (deduplicated like the analytics); a
    request that sent part of a file (a range, an aborted download) counts that share of the
    file's bytes. Playlists, init segments and thumbnails count nothing. **Stored minutes**:
    the media minutes of the account's stored assets at the window's end (or now, if sooner),
    and `stored_minute_hours`, those minutes integrated over the hours of the window they were
    kept (a 30-minute asset kept a whole day is 720; divide by 730 for minutes stored per
    month). A deleted asset stops counting at its delete; a failed encode is not stored media.
    Covers accounts of up to 50,000 assets and 500,000 delivered files per window
    (`422 analytics_scope_too_large` beyond: ask per asset or for a shorter window).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        asset_id (UUID | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Usage
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        asset_id=asset_id,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    asset_id: UUID | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[Error | Usage]:
    """Get the account's usage meters

     The two meters Rend's usage is priced by, for the account (or one asset, `asset_id`) in
    `[from, to)`. **Delivered minutes**: the media time of every opener and HLS segment the edges
    served with 200 or 206, each request counted once (deduplicated like the analytics); a
    request that sent part of a file (a range, an aborted download) counts that share of the
    file's bytes. Playlists, init segments and thumbnails count nothing. **Stored minutes**:
    the media minutes of the account's stored assets at the window's end (or now, if sooner),
    and `stored_minute_hours`, those minutes integrated over the hours of the window they were
    kept (a 30-minute asset kept a whole day is 720; divide by 730 for minutes stored per
    month). A deleted asset stops counting at its delete; a failed encode is not stored media.
    Covers accounts of up to 50,000 assets and 500,000 delivered files per window
    (`422 analytics_scope_too_large` beyond: ask per asset or for a shorter window).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        asset_id (UUID | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Usage]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        asset_id=asset_id,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    asset_id: UUID | Unset = UNSET,
    limit: int | Unset = 100,
) -> Error | Usage | None:
    """Get the account's usage meters

     The two meters Rend's usage is priced by, for the account (or one asset, `asset_id`) in
    `[from, to)`. **Delivered minutes**: the media time of every opener and HLS segment the edges
    served with 200 or 206, each request counted once (deduplicated like the analytics); a
    request that sent part of a file (a range, an aborted download) counts that share of the
    file's bytes. Playlists, init segments and thumbnails count nothing. **Stored minutes**:
    the media minutes of the account's stored assets at the window's end (or now, if sooner),
    and `stored_minute_hours`, those minutes integrated over the hours of the window they were
    kept (a 30-minute asset kept a whole day is 720; divide by 730 for minutes stored per
    month). A deleted asset stops counting at its delete; a failed encode is not stored media.
    Covers accounts of up to 50,000 assets and 500,000 delivered files per window
    (`422 analytics_scope_too_large` beyond: ask per asset or for a shorter window).

    Args:
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        asset_id (UUID | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Usage
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            asset_id=asset_id,
            limit=limit,
        )
    ).parsed
