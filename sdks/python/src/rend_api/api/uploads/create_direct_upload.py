from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.direct_upload import DirectUpload
from ...models.direct_upload_request import DirectUploadRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: DirectUploadRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/uploads",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DirectUpload | Error | None:
    if response.status_code == 201:
        response_201 = DirectUpload.from_dict(response.json())

        return response_201

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
) -> Response[DirectUpload | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DirectUploadRequest,
) -> Response[DirectUpload | Error]:
    """Create a direct upload URL

     A session whose `url` a browser (or any tus client) sends one video to without the API key:
    the URL speaks tus 1.0 (core, creation, termination, expiration), so uploads resume after a
    broken connection, on any API replica, after an API restart. The asset's id is known now
    (`asset_id`); the asset itself exists once the upload completes, recorded exactly as `POST
    /v1/videos` records one (sniffed, one transaction with its first job and `asset.created`).

    `url` appears only in this answer: it carries a 256-bit capability, of which Rend keeps only
    a hash. Browsers may use it only from `cors_origin` (`*` for any origin); requests without an
    `Origin` header (not from a browser) are not restricted by it. It works until `expires_at`
    (`timeout_secs` after creation, default `REND_UPLOAD_SESSION_TIMEOUT_SECS`), then answers
    `410`. `status` moves `waiting → asset_created | timed_out | cancelled | errored` (`errored`:
    the first bytes were not a video, `error.code` says so). Each step is in the session's
    `events`.

    Args:
        body (DirectUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DirectUpload | Error]
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
    body: DirectUploadRequest,
) -> DirectUpload | Error | None:
    """Create a direct upload URL

     A session whose `url` a browser (or any tus client) sends one video to without the API key:
    the URL speaks tus 1.0 (core, creation, termination, expiration), so uploads resume after a
    broken connection, on any API replica, after an API restart. The asset's id is known now
    (`asset_id`); the asset itself exists once the upload completes, recorded exactly as `POST
    /v1/videos` records one (sniffed, one transaction with its first job and `asset.created`).

    `url` appears only in this answer: it carries a 256-bit capability, of which Rend keeps only
    a hash. Browsers may use it only from `cors_origin` (`*` for any origin); requests without an
    `Origin` header (not from a browser) are not restricted by it. It works until `expires_at`
    (`timeout_secs` after creation, default `REND_UPLOAD_SESSION_TIMEOUT_SECS`), then answers
    `410`. `status` moves `waiting → asset_created | timed_out | cancelled | errored` (`errored`:
    the first bytes were not a video, `error.code` says so). Each step is in the session's
    `events`.

    Args:
        body (DirectUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DirectUpload | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DirectUploadRequest,
) -> Response[DirectUpload | Error]:
    """Create a direct upload URL

     A session whose `url` a browser (or any tus client) sends one video to without the API key:
    the URL speaks tus 1.0 (core, creation, termination, expiration), so uploads resume after a
    broken connection, on any API replica, after an API restart. The asset's id is known now
    (`asset_id`); the asset itself exists once the upload completes, recorded exactly as `POST
    /v1/videos` records one (sniffed, one transaction with its first job and `asset.created`).

    `url` appears only in this answer: it carries a 256-bit capability, of which Rend keeps only
    a hash. Browsers may use it only from `cors_origin` (`*` for any origin); requests without an
    `Origin` header (not from a browser) are not restricted by it. It works until `expires_at`
    (`timeout_secs` after creation, default `REND_UPLOAD_SESSION_TIMEOUT_SECS`), then answers
    `410`. `status` moves `waiting → asset_created | timed_out | cancelled | errored` (`errored`:
    the first bytes were not a video, `error.code` says so). Each step is in the session's
    `events`.

    Args:
        body (DirectUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DirectUpload | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DirectUploadRequest,
) -> DirectUpload | Error | None:
    """Create a direct upload URL

     A session whose `url` a browser (or any tus client) sends one video to without the API key:
    the URL speaks tus 1.0 (core, creation, termination, expiration), so uploads resume after a
    broken connection, on any API replica, after an API restart. The asset's id is known now
    (`asset_id`); the asset itself exists once the upload completes, recorded exactly as `POST
    /v1/videos` records one (sniffed, one transaction with its first job and `asset.created`).

    `url` appears only in this answer: it carries a 256-bit capability, of which Rend keeps only
    a hash. Browsers may use it only from `cors_origin` (`*` for any origin); requests without an
    `Origin` header (not from a browser) are not restricted by it. It works until `expires_at`
    (`timeout_secs` after creation, default `REND_UPLOAD_SESSION_TIMEOUT_SECS`), then answers
    `410`. `status` moves `waiting → asset_created | timed_out | cancelled | errored` (`errored`:
    the first bytes were not a video, `error.code` says so). Each step is in the session's
    `events`.

    Args:
        body (DirectUploadRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DirectUpload | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
