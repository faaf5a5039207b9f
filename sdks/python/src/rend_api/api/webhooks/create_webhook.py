from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.webhook_endpoint import WebhookEndpoint
from ...models.webhook_input import WebhookInput
from ...types import Response


def _get_kwargs(
    *,
    body: WebhookInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WebhookEndpoint | None:
    if response.status_code == 201:
        response_201 = WebhookEndpoint.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[Error | WebhookEndpoint]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookInput,
) -> Response[Error | WebhookEndpoint]:
    """Create a webhook endpoint

     Rend POSTs every event of the account that the filter takes to `url`, signed with the
    endpoint's secret (`rend-signature`, see `WebhookDelivery`). The answer carries the secret;
    it is the only time the API shows it. `url` must reach a public address (loopback, private,
    link-local and metadata addresses are refused in every spelling unless
    `REND_WEBHOOK_ALLOWED_HOSTS` names the host; the embedded mode allows loopback). At most 20
    endpoints per account.

    Args:
        body (WebhookInput): On create `url` is required; on update every field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookEndpoint]
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
    body: WebhookInput,
) -> Error | WebhookEndpoint | None:
    """Create a webhook endpoint

     Rend POSTs every event of the account that the filter takes to `url`, signed with the
    endpoint's secret (`rend-signature`, see `WebhookDelivery`). The answer carries the secret;
    it is the only time the API shows it. `url` must reach a public address (loopback, private,
    link-local and metadata addresses are refused in every spelling unless
    `REND_WEBHOOK_ALLOWED_HOSTS` names the host; the embedded mode allows loopback). At most 20
    endpoints per account.

    Args:
        body (WebhookInput): On create `url` is required; on update every field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookEndpoint
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookInput,
) -> Response[Error | WebhookEndpoint]:
    """Create a webhook endpoint

     Rend POSTs every event of the account that the filter takes to `url`, signed with the
    endpoint's secret (`rend-signature`, see `WebhookDelivery`). The answer carries the secret;
    it is the only time the API shows it. `url` must reach a public address (loopback, private,
    link-local and metadata addresses are refused in every spelling unless
    `REND_WEBHOOK_ALLOWED_HOSTS` names the host; the embedded mode allows loopback). At most 20
    endpoints per account.

    Args:
        body (WebhookInput): On create `url` is required; on update every field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WebhookEndpoint]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookInput,
) -> Error | WebhookEndpoint | None:
    """Create a webhook endpoint

     Rend POSTs every event of the account that the filter takes to `url`, signed with the
    endpoint's secret (`rend-signature`, see `WebhookDelivery`). The answer carries the secret;
    it is the only time the API shows it. `url` must reach a public address (loopback, private,
    link-local and metadata addresses are refused in every spelling unless
    `REND_WEBHOOK_ALLOWED_HOSTS` names the host; the embedded mode allows loopback). At most 20
    endpoints per account.

    Args:
        body (WebhookInput): On create `url` is required; on update every field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WebhookEndpoint
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
