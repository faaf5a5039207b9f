import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.asset_page import AssetPage
from ...models.error import Error
from ...models.playable_state import PlayableState
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 25,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    playable_state: PlayableState | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params["external_id"] = external_id

    params["creator_id"] = creator_id

    json_tag: list[str] | Unset = UNSET
    if not isinstance(tag, Unset):
        json_tag = tag

    params["tag"] = json_tag

    json_playable_state: str | Unset = UNSET
    if not isinstance(playable_state, Unset):
        json_playable_state = playable_state.value

    params["playable_state"] = json_playable_state

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/assets",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | AssetPage | Error | None:
    if response.status_code == 200:
        response_200 = AssetPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 414:
        response_414 = cast(Any, None)
        return response_414

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
) -> Response[Any | AssetPage | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 25,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    playable_state: PlayableState | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
) -> Response[Any | AssetPage | Error]:
    """List assets

     The account's assets that are not deleted, newest first, a page at a time. The filters combine
    (all must hold); a filter value outside the bounds of the stored values answers `400
    invalid_parameter`.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (str | Unset):
        external_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        creator_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        tag (list[str] | Unset):
        playable_state (PlayableState | Unset): `not_playable` until the opener is published, and
            again once deleted.
        created_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AssetPage | Error]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        external_id=external_id,
        creator_id=creator_id,
        tag=tag,
        playable_state=playable_state,
        created_after=created_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 25,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    playable_state: PlayableState | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
) -> Any | AssetPage | Error | None:
    """List assets

     The account's assets that are not deleted, newest first, a page at a time. The filters combine
    (all must hold); a filter value outside the bounds of the stored values answers `400
    invalid_parameter`.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (str | Unset):
        external_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        creator_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        tag (list[str] | Unset):
        playable_state (PlayableState | Unset): `not_playable` until the opener is published, and
            again once deleted.
        created_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AssetPage | Error
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        external_id=external_id,
        creator_id=creator_id,
        tag=tag,
        playable_state=playable_state,
        created_after=created_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 25,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    playable_state: PlayableState | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
) -> Response[Any | AssetPage | Error]:
    """List assets

     The account's assets that are not deleted, newest first, a page at a time. The filters combine
    (all must hold); a filter value outside the bounds of the stored values answers `400
    invalid_parameter`.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (str | Unset):
        external_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        creator_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        tag (list[str] | Unset):
        playable_state (PlayableState | Unset): `not_playable` until the opener is published, and
            again once deleted.
        created_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AssetPage | Error]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        external_id=external_id,
        creator_id=creator_id,
        tag=tag,
        playable_state=playable_state,
        created_after=created_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 25,
    cursor: str | Unset = UNSET,
    external_id: str | Unset = UNSET,
    creator_id: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    playable_state: PlayableState | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
) -> Any | AssetPage | Error | None:
    """List assets

     The account's assets that are not deleted, newest first, a page at a time. The filters combine
    (all must hold); a filter value outside the bounds of the stored values answers `400
    invalid_parameter`.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (str | Unset):
        external_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        creator_id (str | Unset): A developer's own id (`external_id`, `creator_id`); 1–128
            characters (Unicode code points), no control or format characters, no whitespace at either
            end. Matched exactly.
        tag (list[str] | Unset):
        playable_state (PlayableState | Unset): `not_playable` until the opener is published, and
            again once deleted.
        created_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AssetPage | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            external_id=external_id,
            creator_id=creator_id,
            tag=tag,
            playable_state=playable_state,
            created_after=created_after,
        )
    ).parsed
