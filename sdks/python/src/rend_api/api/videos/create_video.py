from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.ingest_request import IngestRequest
from ...models.upload import Upload
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: IngestRequest,
    idempotency_key: str | Unset = UNSET,
    x_rend_metadata: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(x_rend_metadata, Unset):
        headers["X-Rend-Metadata"] = x_rend_metadata

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/videos",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Upload | None:
    if response.status_code == 201:
        response_201 = Upload.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = Error.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | Upload]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: IngestRequest,
    idempotency_key: str | Unset = UNSET,
    x_rend_metadata: str | Unset = UNSET,
) -> Response[Error | Upload]:
    """Upload a video

     The video's bytes are the raw body (`content-type: video/*`), streamed to storage as they
    arrive. The answer is `201` with the new asset, `not_playable` until the worker publishes its
    opener; follow its events to `asset.opener_ready` and `asset.hls_ready`. A refused or
    broken-off upload leaves nothing behind. Send `Content-Length` when the size is known; without
    it (chunked transfer encoding) the body is read up to the upload limit.

    The asset's metadata (`title`, `external_id`, `creator_id`, `passthrough`, `tags`) comes in
    the `X-Rend-Metadata` header, since the body is the video: the same JSON object as `PATCH
    /v1/assets/{asset_id}` takes, on one line. It is checked before a byte of the body is read, so
    refused metadata (`400 invalid_parameter` or `invalid_json`) costs no upload.

    **Ingest from a URL.** With `content-type: application/json` and the body `{"input": {"url":
    "https://…"}}` (and optionally the new asset's `"metadata"`, nothing else), the API downloads the
    URL into storage itself, within the
    request, then treats the bytes exactly as an upload (sniffed, stored, one transaction with the
    first job). The URL is never handed to ffmpeg. Only `http`/`https`; a host that is or resolves
    to a loopback, private, link-local (cloud metadata), CGNAT, multicast or otherwise internal
    address, in any spelling (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), is refused with `422
    ingest_url_forbidden` unless the server names it in `REND_INGEST_ALLOWED_HOSTS`. Redirects
    (at most 5) are followed by the API and each hop is checked again. A body past
    `REND_INGEST_MAX_BYTES` is `422 ingest_too_large`; an error answer, a timeout or too many
    redirects is `502 ingest_failed`. Nothing is kept of a refused ingest.

    **Idempotency.** With an `Idempotency-Key`, a repeat of the same request (same route,
    `X-Rend-Metadata`, content type, length and SHA-256 of the body) within 24 hours answers the
    first answer again, byte for byte, with `Idempotent-Replayed: true`, and creates nothing;
    another request with the key is `422 idempotency_key_reused`. A repeat sent while the first is
    still running waits for it (up to 60 s, then `409 idempotency_key_in_progress` with
    `Retry-After`); if the first fails, the key is free again. Keys belong to the account.
    Replays are not charged to the rate limit.

    Args:
        idempotency_key (str | Unset):
        x_rend_metadata (str | Unset):
        body (IngestRequest): Ingest from a URL instead of sending the bytes.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Upload]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        x_rend_metadata=x_rend_metadata,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: IngestRequest,
    idempotency_key: str | Unset = UNSET,
    x_rend_metadata: str | Unset = UNSET,
) -> Error | Upload | None:
    """Upload a video

     The video's bytes are the raw body (`content-type: video/*`), streamed to storage as they
    arrive. The answer is `201` with the new asset, `not_playable` until the worker publishes its
    opener; follow its events to `asset.opener_ready` and `asset.hls_ready`. A refused or
    broken-off upload leaves nothing behind. Send `Content-Length` when the size is known; without
    it (chunked transfer encoding) the body is read up to the upload limit.

    The asset's metadata (`title`, `external_id`, `creator_id`, `passthrough`, `tags`) comes in
    the `X-Rend-Metadata` header, since the body is the video: the same JSON object as `PATCH
    /v1/assets/{asset_id}` takes, on one line. It is checked before a byte of the body is read, so
    refused metadata (`400 invalid_parameter` or `invalid_json`) costs no upload.

    **Ingest from a URL.** With `content-type: application/json` and the body `{"input": {"url":
    "https://…"}}` (and optionally the new asset's `"metadata"`, nothing else), the API downloads the
    URL into storage itself, within the
    request, then treats the bytes exactly as an upload (sniffed, stored, one transaction with the
    first job). The URL is never handed to ffmpeg. Only `http`/`https`; a host that is or resolves
    to a loopback, private, link-local (cloud metadata), CGNAT, multicast or otherwise internal
    address, in any spelling (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), is refused with `422
    ingest_url_forbidden` unless the server names it in `REND_INGEST_ALLOWED_HOSTS`. Redirects
    (at most 5) are followed by the API and each hop is checked again. A body past
    `REND_INGEST_MAX_BYTES` is `422 ingest_too_large`; an error answer, a timeout or too many
    redirects is `502 ingest_failed`. Nothing is kept of a refused ingest.

    **Idempotency.** With an `Idempotency-Key`, a repeat of the same request (same route,
    `X-Rend-Metadata`, content type, length and SHA-256 of the body) within 24 hours answers the
    first answer again, byte for byte, with `Idempotent-Replayed: true`, and creates nothing;
    another request with the key is `422 idempotency_key_reused`. A repeat sent while the first is
    still running waits for it (up to 60 s, then `409 idempotency_key_in_progress` with
    `Retry-After`); if the first fails, the key is free again. Keys belong to the account.
    Replays are not charged to the rate limit.

    Args:
        idempotency_key (str | Unset):
        x_rend_metadata (str | Unset):
        body (IngestRequest): Ingest from a URL instead of sending the bytes.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Upload
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        x_rend_metadata=x_rend_metadata,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: IngestRequest,
    idempotency_key: str | Unset = UNSET,
    x_rend_metadata: str | Unset = UNSET,
) -> Response[Error | Upload]:
    """Upload a video

     The video's bytes are the raw body (`content-type: video/*`), streamed to storage as they
    arrive. The answer is `201` with the new asset, `not_playable` until the worker publishes its
    opener; follow its events to `asset.opener_ready` and `asset.hls_ready`. A refused or
    broken-off upload leaves nothing behind. Send `Content-Length` when the size is known; without
    it (chunked transfer encoding) the body is read up to the upload limit.

    The asset's metadata (`title`, `external_id`, `creator_id`, `passthrough`, `tags`) comes in
    the `X-Rend-Metadata` header, since the body is the video: the same JSON object as `PATCH
    /v1/assets/{asset_id}` takes, on one line. It is checked before a byte of the body is read, so
    refused metadata (`400 invalid_parameter` or `invalid_json`) costs no upload.

    **Ingest from a URL.** With `content-type: application/json` and the body `{"input": {"url":
    "https://…"}}` (and optionally the new asset's `"metadata"`, nothing else), the API downloads the
    URL into storage itself, within the
    request, then treats the bytes exactly as an upload (sniffed, stored, one transaction with the
    first job). The URL is never handed to ffmpeg. Only `http`/`https`; a host that is or resolves
    to a loopback, private, link-local (cloud metadata), CGNAT, multicast or otherwise internal
    address, in any spelling (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), is refused with `422
    ingest_url_forbidden` unless the server names it in `REND_INGEST_ALLOWED_HOSTS`. Redirects
    (at most 5) are followed by the API and each hop is checked again. A body past
    `REND_INGEST_MAX_BYTES` is `422 ingest_too_large`; an error answer, a timeout or too many
    redirects is `502 ingest_failed`. Nothing is kept of a refused ingest.

    **Idempotency.** With an `Idempotency-Key`, a repeat of the same request (same route,
    `X-Rend-Metadata`, content type, length and SHA-256 of the body) within 24 hours answers the
    first answer again, byte for byte, with `Idempotent-Replayed: true`, and creates nothing;
    another request with the key is `422 idempotency_key_reused`. A repeat sent while the first is
    still running waits for it (up to 60 s, then `409 idempotency_key_in_progress` with
    `Retry-After`); if the first fails, the key is free again. Keys belong to the account.
    Replays are not charged to the rate limit.

    Args:
        idempotency_key (str | Unset):
        x_rend_metadata (str | Unset):
        body (IngestRequest): Ingest from a URL instead of sending the bytes.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Upload]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        x_rend_metadata=x_rend_metadata,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: IngestRequest,
    idempotency_key: str | Unset = UNSET,
    x_rend_metadata: str | Unset = UNSET,
) -> Error | Upload | None:
    """Upload a video

     The video's bytes are the raw body (`content-type: video/*`), streamed to storage as they
    arrive. The answer is `201` with the new asset, `not_playable` until the worker publishes its
    opener; follow its events to `asset.opener_ready` and `asset.hls_ready`. A refused or
    broken-off upload leaves nothing behind. Send `Content-Length` when the size is known; without
    it (chunked transfer encoding) the body is read up to the upload limit.

    The asset's metadata (`title`, `external_id`, `creator_id`, `passthrough`, `tags`) comes in
    the `X-Rend-Metadata` header, since the body is the video: the same JSON object as `PATCH
    /v1/assets/{asset_id}` takes, on one line. It is checked before a byte of the body is read, so
    refused metadata (`400 invalid_parameter` or `invalid_json`) costs no upload.

    **Ingest from a URL.** With `content-type: application/json` and the body `{"input": {"url":
    "https://…"}}` (and optionally the new asset's `"metadata"`, nothing else), the API downloads the
    URL into storage itself, within the
    request, then treats the bytes exactly as an upload (sniffed, stored, one transaction with the
    first job). The URL is never handed to ffmpeg. Only `http`/`https`; a host that is or resolves
    to a loopback, private, link-local (cloud metadata), CGNAT, multicast or otherwise internal
    address, in any spelling (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), is refused with `422
    ingest_url_forbidden` unless the server names it in `REND_INGEST_ALLOWED_HOSTS`. Redirects
    (at most 5) are followed by the API and each hop is checked again. A body past
    `REND_INGEST_MAX_BYTES` is `422 ingest_too_large`; an error answer, a timeout or too many
    redirects is `502 ingest_failed`. Nothing is kept of a refused ingest.

    **Idempotency.** With an `Idempotency-Key`, a repeat of the same request (same route,
    `X-Rend-Metadata`, content type, length and SHA-256 of the body) within 24 hours answers the
    first answer again, byte for byte, with `Idempotent-Replayed: true`, and creates nothing;
    another request with the key is `422 idempotency_key_reused`. A repeat sent while the first is
    still running waits for it (up to 60 s, then `409 idempotency_key_in_progress` with
    `Retry-After`); if the first fails, the key is free again. Keys belong to the account.
    Replays are not charged to the rate limit.

    Args:
        idempotency_key (str | Unset):
        x_rend_metadata (str | Unset):
        body (IngestRequest): Ingest from a URL instead of sending the bytes.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Upload
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            x_rend_metadata=x_rend_metadata,
        )
    ).parsed
