from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.analytics_window import AnalyticsWindow
    from ..models.asset_usage import AssetUsage


T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """
    Attributes:
        delivered_minutes (float): Media minutes of the openers and segments served with 200 or 206.
        stored_minutes (float): Media minutes stored at the window's end (or now, if sooner).
        stored_minute_hours (float): Stored media minutes integrated over the hours of the window.
        window (AnalyticsWindow):
        assets (list[AssetUsage]): The assets with usage in the window, most delivered first, at most `limit`.
        assets_truncated (bool): More assets had usage than `assets` lists.
    """

    delivered_minutes: float
    stored_minutes: float
    stored_minute_hours: float
    window: AnalyticsWindow
    assets: list[AssetUsage]
    assets_truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivered_minutes = self.delivered_minutes

        stored_minutes = self.stored_minutes

        stored_minute_hours = self.stored_minute_hours

        window = self.window.to_dict()

        assets = []
        for assets_item_data in self.assets:
            assets_item = assets_item_data.to_dict()
            assets.append(assets_item)

        assets_truncated = self.assets_truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivered_minutes": delivered_minutes,
                "stored_minutes": stored_minutes,
                "stored_minute_hours": stored_minute_hours,
                "window": window,
                "assets": assets,
                "assets_truncated": assets_truncated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.analytics_window import AnalyticsWindow
        from ..models.asset_usage import AssetUsage

        d = dict(src_dict)
        delivered_minutes = d.pop("delivered_minutes")

        stored_minutes = d.pop("stored_minutes")

        stored_minute_hours = d.pop("stored_minute_hours")

        window = AnalyticsWindow.from_dict(d.pop("window"))

        assets = []
        _assets = d.pop("assets")
        for assets_item_data in _assets:
            assets_item = AssetUsage.from_dict(assets_item_data)

            assets.append(assets_item)

        assets_truncated = d.pop("assets_truncated")

        usage = cls(
            delivered_minutes=delivered_minutes,
            stored_minutes=stored_minutes,
            stored_minute_hours=stored_minute_hours,
            window=window,
            assets=assets,
            assets_truncated=assets_truncated,
        )

        usage.additional_properties = d
        return usage

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
