from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.replay_webhook_body import ReplayWebhookBody
from ...models.replay_webhook_response_202 import ReplayWebhookResponse202
from ...types import Response


def _get_kwargs(
    webhook_id: UUID,
    *,
    body: ReplayWebhookBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/{webhook_id}/replay".format(
            webhook_id=quote(str(webhook_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ReplayWebhookResponse202 | None:
    if response.status_code == 202:
        response_202 = ReplayWebhookResponse202.from_dict(response.json())

        return response_202

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
) -> Response[Error | ReplayWebhookResponse202]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplayWebhookBody,
) -> Response[Error | ReplayWebhookResponse202]:
    """Replay events from a sequence

     Queues every event of the account after `after_sequence` that the endpoint's filter takes
    (at most 10000; replay again from `through_sequence` for more), delivered again even if
    delivered before. Receivers dedupe by `event_id`.

    Args:
        webhook_id (UUID):
        body (ReplayWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReplayWebhookResponse202]
    """

    kwargs = _get_kwargs(
        webhook_id=webhook_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplayWebhookBody,
) -> Error | ReplayWebhookResponse202 | None:
    """Replay events from a sequence

     Queues every event of the account after `after_sequence` that the endpoint's filter takes
    (at most 10000; replay again from `through_sequence` for more), delivered again even if
    delivered before. Receivers dedupe by `event_id`.

    Args:
        webhook_id (UUID):
        body (ReplayWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReplayWebhookResponse202
    """

    return sync_detailed(
        webhook_id=webhook_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplayWebhookBody,
) -> Response[Error | ReplayWebhookResponse202]:
    """Replay events from a sequence

     Queues every event of the account after `after_sequence` that the endpoint's filter takes
    (at most 10000; replay again from `through_sequence` for more), delivered again even if
    delivered before. Receivers dedupe by `event_id`.

    Args:
        webhook_id (UUID):
        body (ReplayWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReplayWebhookResponse202]
    """

    kwargs = _get_kwargs(
        webhook_id=webhook_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    webhook_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplayWebhookBody,
) -> Error | ReplayWebhookResponse202 | None:
    """Replay events from a sequence

     Queues every event of the account after `after_sequence` that the endpoint's filter takes
    (at most 10000; replay again from `through_sequence` for more), delivered again even if
    delivered before. Receivers dedupe by `event_id`.

    Args:
        webhook_id (UUID):
        body (ReplayWebhookBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReplayWebhookResponse202
    """

    return (
        await asyncio_detailed(
            webhook_id=webhook_id,
            client=client,
            body=body,
        )
    ).parsed
