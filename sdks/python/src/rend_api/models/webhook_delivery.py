from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType
from ..models.webhook_delivery_state import WebhookDeliveryState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_delivery_attempts_item import WebhookDeliveryAttemptsItem


T = TypeVar("T", bound="WebhookDelivery")


@_attrs_define
class WebhookDelivery:
    """One event for one endpoint. The request Rend sends is a POST of the `Event` as JSON with
    `rend-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` (a second
    `v1` during a rotation) and `rend-event-id`. Any 2xx acknowledges it; anything else, a
    redirect or no answer within `REND_WEBHOOK_TIMEOUT_SECS` is retried with exponential
    backoff and jitter for 24 hours, then `failed`. Events of one asset reach an endpoint in
    sequence order: the next is sent only once the one before it is acknowledged or failed.

        Attributes:
            id (UUID):
            sequence (int):
            event_id (UUID):
            event_type (EventType): Every lifecycle event type.
            asset_id (UUID):
            state (WebhookDeliveryState):
            attempt_count (int):
            created_at (datetime.datetime):
            attempts (list[WebhookDeliveryAttemptsItem]):
            next_attempt_at (datetime.datetime | None | Unset):
            delivered_at (datetime.datetime | None | Unset):
    """

    id: UUID
    sequence: int
    event_id: UUID
    event_type: EventType
    asset_id: UUID
    state: WebhookDeliveryState
    attempt_count: int
    created_at: datetime.datetime
    attempts: list[WebhookDeliveryAttemptsItem]
    next_attempt_at: datetime.datetime | None | Unset = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        sequence = self.sequence

        event_id = str(self.event_id)

        event_type = self.event_type.value

        asset_id = str(self.asset_id)

        state = self.state.value

        attempt_count = self.attempt_count

        created_at = self.created_at.isoformat()

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        next_attempt_at: None | str | Unset
        if isinstance(self.next_attempt_at, Unset):
            next_attempt_at = UNSET
        elif isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "sequence": sequence,
                "event_id": event_id,
                "event_type": event_type,
                "asset_id": asset_id,
                "state": state,
                "attempt_count": attempt_count,
                "created_at": created_at,
                "attempts": attempts,
            }
        )
        if next_attempt_at is not UNSET:
            field_dict["next_attempt_at"] = next_attempt_at
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.webhook_delivery_attempts_item import WebhookDeliveryAttemptsItem

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        sequence = d.pop("sequence")

        event_id = UUID(d.pop("event_id"))

        event_type = EventType(d.pop("event_type"))

        asset_id = UUID(d.pop("asset_id"))

        state = WebhookDeliveryState(d.pop("state"))

        attempt_count = d.pop("attempt_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = WebhookDeliveryAttemptsItem.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at", UNSET))

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at", UNSET))

        webhook_delivery = cls(
            id=id,
            sequence=sequence,
            event_id=event_id,
            event_type=event_type,
            asset_id=asset_id,
            state=state,
            attempt_count=attempt_count,
            created_at=created_at,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            delivered_at=delivered_at,
        )

        webhook_delivery.additional_properties = d
        return webhook_delivery

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
