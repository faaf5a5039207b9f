import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.asset_playback_analytics import AssetPlaybackAnalytics
from ...models.error import Error
from ...models.get_asset_playback_analytics_granularity import (
    GetAssetPlaybackAnalyticsGranularity,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    asset_id: UUID,
    *,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    granularity: GetAssetPlaybackAnalyticsGranularity
    | Unset = GetAssetPlaybackAnalyticsGranularity.HOUR,
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

    json_granularity: str | Unset = UNSET
    if not isinstance(granularity, Unset):
        json_granularity = granularity.value

    params["granularity"] = json_granularity

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/assets/{asset_id}/analytics/playback".format(
            asset_id=quote(str(asset_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssetPlaybackAnalytics | Error | None:
    if response.status_code == 200:
        response_200 = AssetPlaybackAnalytics.from_dict(response.json())

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
) -> Response[AssetPlaybackAnalytics | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    asset_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    granularity: GetAssetPlaybackAnalyticsGranularity
    | Unset = GetAssetPlaybackAnalyticsGranularity.HOUR,
) -> Response[AssetPlaybackAnalytics | Error]:
    """Get an asset's playback analytics

     The asset's public playback requests at the edges in `[from, to)`, each request counted once
    however many times its event was stored (an edge replaying its spool stores a batch twice):
    requests, bytes served, counts by cache status, status code and region, first and last
    request in the window, and a time series of UTC-aligned buckets (zero-filled). Deleted
    assets keep their analytics. Requests an edge refused before a token proved the asset
    (forged or malformed URLs) belong to no asset and are not counted here. `qoe` sums what the
    players' beacons (`POST /v1/playback/beacons`) said of the views whose beacons arrived in
    the window: views, startup time percentiles, rebuffering, bitrate switches, fatal errors.

    Args:
        asset_id (UUID):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        granularity (GetAssetPlaybackAnalyticsGranularity | Unset):  Default:
            GetAssetPlaybackAnalyticsGranularity.HOUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetPlaybackAnalytics | Error]
    """

    kwargs = _get_kwargs(
        asset_id=asset_id,
        from_=from_,
        to=to,
        granularity=granularity,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    asset_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    granularity: GetAssetPlaybackAnalyticsGranularity
    | Unset = GetAssetPlaybackAnalyticsGranularity.HOUR,
) -> AssetPlaybackAnalytics | Error | None:
    """Get an asset's playback analytics

     The asset's public playback requests at the edges in `[from, to)`, each request counted once
    however many times its event was stored (an edge replaying its spool stores a batch twice):
    requests, bytes served, counts by cache status, status code and region, first and last
    request in the window, and a time series of UTC-aligned buckets (zero-filled). Deleted
    assets keep their analytics. Requests an edge refused before a token proved the asset
    (forged or malformed URLs) belong to no asset and are not counted here. `qoe` sums what the
    players' beacons (`POST /v1/playback/beacons`) said of the views whose beacons arrived in
    the window: views, startup time percentiles, rebuffering, bitrate switches, fatal errors.

    Args:
        asset_id (UUID):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        granularity (GetAssetPlaybackAnalyticsGranularity | Unset):  Default:
            GetAssetPlaybackAnalyticsGranularity.HOUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetPlaybackAnalytics | Error
    """

    return sync_detailed(
        asset_id=asset_id,
        client=client,
        from_=from_,
        to=to,
        granularity=granularity,
    ).parsed


async def asyncio_detailed(
    asset_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    granularity: GetAssetPlaybackAnalyticsGranularity
    | Unset = GetAssetPlaybackAnalyticsGranularity.HOUR,
) -> Response[AssetPlaybackAnalytics | Error]:
    """Get an asset's playback analytics

     The asset's public playback requests at the edges in `[from, to)`, each request counted once
    however many times its event was stored (an edge replaying its spool stores a batch twice):
    requests, bytes served, counts by cache status, status code and region, first and last
    request in the window, and a time series of UTC-aligned buckets (zero-filled). Deleted
    assets keep their analytics. Requests an edge refused before a token proved the asset
    (forged or malformed URLs) belong to no asset and are not counted here. `qoe` sums what the
    players' beacons (`POST /v1/playback/beacons`) said of the views whose beacons arrived in
    the window: views, startup time percentiles, rebuffering, bitrate switches, fatal errors.

    Args:
        asset_id (UUID):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        granularity (GetAssetPlaybackAnalyticsGranularity | Unset):  Default:
            GetAssetPlaybackAnalyticsGranularity.HOUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetPlaybackAnalytics | Error]
    """

    kwargs = _get_kwargs(
        asset_id=asset_id,
        from_=from_,
        to=to,
        granularity=granularity,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    asset_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    granularity: GetAssetPlaybackAnalyticsGranularity
    | Unset = GetAssetPlaybackAnalyticsGranularity.HOUR,
) -> AssetPlaybackAnalytics | Error | None:
    """Get an asset's playback analytics

     The asset's public playback requests at the edges in `[from, to)`, each request counted once
    however many times its event was stored (an edge replaying its spool stores a batch twice):
    requests, bytes served, counts by cache status, status code and region, first and last
    request in the window, and a time series of UTC-aligned buckets (zero-filled). Deleted
    assets keep their analytics. Requests an edge refused before a token proved the asset
    (forged or malformed URLs) belong to no asset and are not counted here. `qoe` sums what the
    players' beacons (`POST /v1/playback/beacons`) said of the views whose beacons arrived in
    the window: views, startup time percentiles, rebuffering, bitrate switches, fatal errors.

    Args:
        asset_id (UUID):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        granularity (GetAssetPlaybackAnalyticsGranularity | Unset):  Default:
            GetAssetPlaybackAnalyticsGranularity.HOUR.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetPlaybackAnalytics | Error
    """

    return (
        await asyncio_detailed(
            asset_id=asset_id,
            client=client,
            from_=from_,
            to=to,
            granularity=granularity,
        )
    ).parsed
