from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.playback_beacon import PlaybackBeacon
from ...types import Response


def _get_kwargs(
    *,
    body: PlaybackBeacon,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/playback/beacons",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PlaybackBeacon,
) -> Response[Any | Error]:
    """Report a view's quality of experience (players)

     What a player measured of one view so far, sent with `navigator.sendBeacon` from the
    viewer's page: no API key (the page has none) but the playback token of the view's URLs
    (the path prefix of every signed URL), which must be this API's, for `asset_id`, and
    unexpired or expired less than an hour ago. A view sends several beacons, each with a
    higher `seq` and its counters so far; analytics read each view's last one. CORS-open:
    `text/plain` (what `sendBeacon` sends for a string) needs no preflight; `application/json`
    gets its preflight answered for any origin. At most 4096 bytes; budgets per client address
    (`REND_BEACON_RATE_PER_CLIENT_PER_MIN`) and per token (`REND_BEACON_RATE_PER_TOKEN_PER_MIN`).
    Beacons are best effort: queued and written in batches, dropped (and counted) when the
    analytics store does not take them.

    Args:
        body (PlaybackBeacon): One beacon of a view; every field bounded, unknown fields refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PlaybackBeacon,
) -> Any | Error | None:
    """Report a view's quality of experience (players)

     What a player measured of one view so far, sent with `navigator.sendBeacon` from the
    viewer's page: no API key (the page has none) but the playback token of the view's URLs
    (the path prefix of every signed URL), which must be this API's, for `asset_id`, and
    unexpired or expired less than an hour ago. A view sends several beacons, each with a
    higher `seq` and its counters so far; analytics read each view's last one. CORS-open:
    `text/plain` (what `sendBeacon` sends for a string) needs no preflight; `application/json`
    gets its preflight answered for any origin. At most 4096 bytes; budgets per client address
    (`REND_BEACON_RATE_PER_CLIENT_PER_MIN`) and per token (`REND_BEACON_RATE_PER_TOKEN_PER_MIN`).
    Beacons are best effort: queued and written in batches, dropped (and counted) when the
    analytics store does not take them.

    Args:
        body (PlaybackBeacon): One beacon of a view; every field bounded, unknown fields refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PlaybackBeacon,
) -> Response[Any | Error]:
    """Report a view's quality of experience (players)

     What a player measured of one view so far, sent with `navigator.sendBeacon` from the
    viewer's page: no API key (the page has none) but the playback token of the view's URLs
    (the path prefix of every signed URL), which must be this API's, for `asset_id`, and
    unexpired or expired less than an hour ago. A view sends several beacons, each with a
    higher `seq` and its counters so far; analytics read each view's last one. CORS-open:
    `text/plain` (what `sendBeacon` sends for a string) needs no preflight; `application/json`
    gets its preflight answered for any origin. At most 4096 bytes; budgets per client address
    (`REND_BEACON_RATE_PER_CLIENT_PER_MIN`) and per token (`REND_BEACON_RATE_PER_TOKEN_PER_MIN`).
    Beacons are best effort: queued and written in batches, dropped (and counted) when the
    analytics store does not take them.

    Args:
        body (PlaybackBeacon): One beacon of a view; every field bounded, unknown fields refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PlaybackBeacon,
) -> Any | Error | None:
    """Report a view's quality of experience (players)

     What a player measured of one view so far, sent with `navigator.sendBeacon` from the
    viewer's page: no API key (the page has none) but the playback token of the view's URLs
    (the path prefix of every signed URL), which must be this API's, for `asset_id`, and
    unexpired or expired less than an hour ago. A view sends several beacons, each with a
    higher `seq` and its counters so far; analytics read each view's last one. CORS-open:
    `text/plain` (what `sendBeacon` sends for a string) needs no preflight; `application/json`
    gets its preflight answered for any origin. At most 4096 bytes; budgets per client address
    (`REND_BEACON_RATE_PER_CLIENT_PER_MIN`) and per token (`REND_BEACON_RATE_PER_TOKEN_PER_MIN`).
    Beacons are best effort: queued and written in batches, dropped (and counted) when the
    analytics store does not take them.

    Args:
        body (PlaybackBeacon): One beacon of a view; every field bounded, unknown fields refused.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
