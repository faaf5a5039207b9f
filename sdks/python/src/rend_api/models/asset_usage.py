from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AssetUsage")


@_attrs_define
class AssetUsage:
    """
    Attributes:
        delivered_minutes (float): Media minutes of the openers and segments served with 200 or 206.
        stored_minutes (float): Media minutes stored at the window's end (or now, if sooner).
        stored_minute_hours (float): Stored media minutes integrated over the hours of the window.
        asset_id (UUID):
    """

    delivered_minutes: float
    stored_minutes: float
    stored_minute_hours: float
    asset_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivered_minutes = self.delivered_minutes

        stored_minutes = self.stored_minutes

        stored_minute_hours = self.stored_minute_hours

        asset_id = str(self.asset_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivered_minutes": delivered_minutes,
                "stored_minutes": stored_minutes,
                "stored_minute_hours": stored_minute_hours,
                "asset_id": asset_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        delivered_minutes = d.pop("delivered_minutes")

        stored_minutes = d.pop("stored_minutes")

        stored_minute_hours = d.pop("stored_minute_hours")

        asset_id = UUID(d.pop("asset_id"))

        asset_usage = cls(
            delivered_minutes=delivered_minutes,
            stored_minutes=stored_minutes,
            stored_minute_hours=stored_minute_hours,
            asset_id=asset_id,
        )

        asset_usage.additional_properties = d
        return asset_usage

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
