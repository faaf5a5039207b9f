from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type import EventType

if TYPE_CHECKING:
    from ..models.event_payload import EventPayload


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """
    Attributes:
        sequence (int): The durable, increasing cursor of the log.
        event_id (UUID):
        asset_id (UUID):
        event_type (EventType): Every lifecycle event type.
        payload (EventPayload): The event type's fields (the README's lifecycle event table), and in every event
            `metadata`, the asset's metadata as it stood when the event was written (`title`, `external_id`, `creator_id`,
            `passthrough`, `tags`).
        created_at (datetime.datetime):
    """

    sequence: int
    event_id: UUID
    asset_id: UUID
    event_type: EventType
    payload: EventPayload
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sequence = self.sequence

        event_id = str(self.event_id)

        asset_id = str(self.asset_id)

        event_type = self.event_type.value

        payload = self.payload.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sequence": sequence,
                "event_id": event_id,
                "asset_id": asset_id,
                "event_type": event_type,
                "payload": payload,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.event_payload import EventPayload

        d = dict(src_dict)
        sequence = d.pop("sequence")

        event_id = UUID(d.pop("event_id"))

        asset_id = UUID(d.pop("asset_id"))

        event_type = EventType(d.pop("event_type"))

        payload = EventPayload.from_dict(d.pop("payload"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        event = cls(
            sequence=sequence,
            event_id=event_id,
            asset_id=asset_id,
            event_type=event_type,
            payload=payload,
            created_at=created_at,
        )

        event.additional_properties = d
        return event

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
