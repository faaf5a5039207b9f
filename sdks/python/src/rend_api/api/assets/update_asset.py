from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.asset import Asset
from ...models.asset_metadata_patch import AssetMetadataPatch
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs(
    asset_id: UUID,
    *,
    body: AssetMetadataPatch | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/assets/{asset_id}".format(
            asset_id=quote(str(asset_id), safe=""),
        ),
    }

    if isinstance(body, AssetMetadataPatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/merge-patch+json"
    if isinstance(body, AssetMetadataPatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Asset | Error | None:
    if response.status_code == 200:
        response_200 = Asset.from_dict(response.json())

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
) -> Response[Asset | Error]:
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
    body: AssetMetadataPatch | Unset = UNSET,
) -> Response[Asset | Error]:
    """Update an asset's metadata

     A JSON merge patch (RFC 7396) of the asset's metadata: a field that is absent is kept, `null`
    clears it, a value replaces it (`tags` as a whole list). Unknown fields are refused. The
    change is recorded as an `asset.updated` event (`updated_fields`) unless the patch is `{}`.
    A deleted asset answers `404`. Two patches of different fields at once both apply.

    Args:
        asset_id (UUID):
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Asset | Error]
    """

    kwargs = _get_kwargs(
        asset_id=asset_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    asset_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: AssetMetadataPatch | Unset = UNSET,
) -> Asset | Error | None:
    """Update an asset's metadata

     A JSON merge patch (RFC 7396) of the asset's metadata: a field that is absent is kept, `null`
    clears it, a value replaces it (`tags` as a whole list). Unknown fields are refused. The
    change is recorded as an `asset.updated` event (`updated_fields`) unless the patch is `{}`.
    A deleted asset answers `404`. Two patches of different fields at once both apply.

    Args:
        asset_id (UUID):
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Asset | Error
    """

    return sync_detailed(
        asset_id=asset_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    asset_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: AssetMetadataPatch | Unset = UNSET,
) -> Response[Asset | Error]:
    """Update an asset's metadata

     A JSON merge patch (RFC 7396) of the asset's metadata: a field that is absent is kept, `null`
    clears it, a value replaces it (`tags` as a whole list). Unknown fields are refused. The
    change is recorded as an `asset.updated` event (`updated_fields`) unless the patch is `{}`.
    A deleted asset answers `404`. Two patches of different fields at once both apply.

    Args:
        asset_id (UUID):
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Asset | Error]
    """

    kwargs = _get_kwargs(
        asset_id=asset_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    asset_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: AssetMetadataPatch | Unset = UNSET,
) -> Asset | Error | None:
    """Update an asset's metadata

     A JSON merge patch (RFC 7396) of the asset's metadata: a field that is absent is kept, `null`
    clears it, a value replaces it (`tags` as a whole list). Unknown fields are refused. The
    change is recorded as an `asset.updated` event (`updated_fields`) unless the patch is `{}`.
    A deleted asset answers `404`. Two patches of different fields at once both apply.

    Args:
        asset_id (UUID):
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.
        body (AssetMetadataPatch): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears.
            Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners)
            and
            whitespace at either end. Values are stored as sent, not normalised.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Asset | Error
    """

    return (
        await asyncio_detailed(
            asset_id=asset_id,
            client=client,
            body=body,
        )
    ).parsed
