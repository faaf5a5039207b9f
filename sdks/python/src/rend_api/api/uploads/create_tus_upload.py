from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_tus_upload_tus_resumable import CreateTusUploadTusResumable
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    upload_id: UUID,
    token: str,
    *,
    tus_resumable: CreateTusUploadTusResumable,
    upload_length: int,
    upload_metadata: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Tus-Resumable"] = str(tus_resumable)

    headers["Upload-Length"] = str(upload_length)

    if not isinstance(upload_metadata, Unset):
        headers["Upload-Metadata"] = upload_metadata

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/direct-uploads/{upload_id}/{token}".format(
            upload_id=quote(str(upload_id), safe=""),
            token=quote(str(token), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | None:
    if response.status_code == 201:
        response_201 = cast(Any, None)
        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

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
    upload_id: UUID,
    token: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: CreateTusUploadTusResumable,
    upload_length: int,
    upload_metadata: str | Unset = UNSET,
) -> Response[Any | Error]:
    """tus creation

     Declares the upload's `Upload-Length` (a decimal number of bytes, at most `max_bytes`) and
    optionally `Upload-Metadata` (a `filetype` of `video/*` becomes the stored content type).
    Answers `201` with `Location` (this same URL). A repeat with the same length answers the same;
    with another length `409`. A POST with `X-HTTP-Method-Override: PATCH` or `DELETE` is that
    request (for clients without PATCH).

    Args:
        upload_id (UUID):
        token (str):
        tus_resumable (CreateTusUploadTusResumable):
        upload_length (int):
        upload_metadata (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        token=token,
        tus_resumable=tus_resumable,
        upload_length=upload_length,
        upload_metadata=upload_metadata,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    upload_id: UUID,
    token: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: CreateTusUploadTusResumable,
    upload_length: int,
    upload_metadata: str | Unset = UNSET,
) -> Any | Error | None:
    """tus creation

     Declares the upload's `Upload-Length` (a decimal number of bytes, at most `max_bytes`) and
    optionally `Upload-Metadata` (a `filetype` of `video/*` becomes the stored content type).
    Answers `201` with `Location` (this same URL). A repeat with the same length answers the same;
    with another length `409`. A POST with `X-HTTP-Method-Override: PATCH` or `DELETE` is that
    request (for clients without PATCH).

    Args:
        upload_id (UUID):
        token (str):
        tus_resumable (CreateTusUploadTusResumable):
        upload_length (int):
        upload_metadata (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        upload_id=upload_id,
        token=token,
        client=client,
        tus_resumable=tus_resumable,
        upload_length=upload_length,
        upload_metadata=upload_metadata,
    ).parsed


async def asyncio_detailed(
    upload_id: UUID,
    token: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: CreateTusUploadTusResumable,
    upload_length: int,
    upload_metadata: str | Unset = UNSET,
) -> Response[Any | Error]:
    """tus creation

     Declares the upload's `Upload-Length` (a decimal number of bytes, at most `max_bytes`) and
    optionally `Upload-Metadata` (a `filetype` of `video/*` becomes the stored content type).
    Answers `201` with `Location` (this same URL). A repeat with the same length answers the same;
    with another length `409`. A POST with `X-HTTP-Method-Override: PATCH` or `DELETE` is that
    request (for clients without PATCH).

    Args:
        upload_id (UUID):
        token (str):
        tus_resumable (CreateTusUploadTusResumable):
        upload_length (int):
        upload_metadata (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        token=token,
        tus_resumable=tus_resumable,
        upload_length=upload_length,
        upload_metadata=upload_metadata,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_id: UUID,
    token: str,
    *,
    client: AuthenticatedClient | Client,
    tus_resumable: CreateTusUploadTusResumable,
    upload_length: int,
    upload_metadata: str | Unset = UNSET,
) -> Any | Error | None:
    """tus creation

     Declares the upload's `Upload-Length` (a decimal number of bytes, at most `max_bytes`) and
    optionally `Upload-Metadata` (a `filetype` of `video/*` becomes the stored content type).
    Answers `201` with `Location` (this same URL). A repeat with the same length answers the same;
    with another length `409`. A POST with `X-HTTP-Method-Override: PATCH` or `DELETE` is that
    request (for clients without PATCH).

    Args:
        upload_id (UUID):
        token (str):
        tus_resumable (CreateTusUploadTusResumable):
        upload_length (int):
        upload_metadata (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            upload_id=upload_id,
            token=token,
            client=client,
            tus_resumable=tus_resumable,
            upload_length=upload_length,
            upload_metadata=upload_metadata,
        )
    ).parsed
