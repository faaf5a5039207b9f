from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.direct_upload_events_item_type import DirectUploadEventsItemType

if TYPE_CHECKING:
    from ..models.direct_upload_events_item_payload import DirectUploadEventsItemPayload


T = TypeVar("T", bound="DirectUploadEventsItem")


@_attrs_define
class DirectUploadEventsItem:
    """
    Attributes:
        sequence (int):
        type_ (DirectUploadEventsItemType):
        payload (DirectUploadEventsItemPayload):
        created_at (datetime.datetime):
    """

    sequence: int
    type_: DirectUploadEventsItemType
    payload: DirectUploadEventsItemPayload
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sequence = self.sequence

        type_ = self.type_.value

        payload = self.payload.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sequence": sequence,
                "type": type_,
                "payload": payload,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.direct_upload_events_item_payload import (
            DirectUploadEventsItemPayload,
        )

        d = dict(src_dict)
        sequence = d.pop("sequence")

        type_ = DirectUploadEventsItemType(d.pop("type"))

        payload = DirectUploadEventsItemPayload.from_dict(d.pop("payload"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        direct_upload_events_item = cls(
            sequence=sequence,
            type_=type_,
            payload=payload,
            created_at=created_at,
        )

        direct_upload_events_item.additional_properties = d
        return direct_upload_events_item

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
