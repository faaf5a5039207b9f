from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TopAsset")


@_attrs_define
class TopAsset:
    """
    Attributes:
        asset_id (UUID):
        requests (int):
        bytes_served (int):
    """

    asset_id: UUID
    requests: int
    bytes_served: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = str(self.asset_id)

        requests = self.requests

        bytes_served = self.bytes_served

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset_id": asset_id,
                "requests": requests,
                "bytes_served": bytes_served,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        asset_id = UUID(d.pop("asset_id"))

        requests = d.pop("requests")

        bytes_served = d.pop("bytes_served")

        top_asset = cls(
            asset_id=asset_id,
            requests=requests,
            bytes_served=bytes_served,
        )

        top_asset.additional_properties = d
        return top_asset

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
