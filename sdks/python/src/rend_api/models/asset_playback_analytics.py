from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.analytics_window import AnalyticsWindow
    from ..models.asset_playback_analytics_by_region import (
        AssetPlaybackAnalyticsByRegion,
    )
    from ..models.asset_playback_analytics_series_item import (
        AssetPlaybackAnalyticsSeriesItem,
    )
    from ..models.playback_qoe import PlaybackQoe
    from ..models.playback_totals_by_cache_status import PlaybackTotalsByCacheStatus
    from ..models.playback_totals_by_status_code import PlaybackTotalsByStatusCode


T = TypeVar("T", bound="AssetPlaybackAnalytics")


@_attrs_define
class AssetPlaybackAnalytics:
    """
    Attributes:
        window (AnalyticsWindow):
        requests (int): Playback requests, each counted once.
        bytes_served (int): Body bytes that left the edges (an aborted download counts what was sent).
        first_seen (datetime.datetime | None): The first request in the window; `null` without requests.
        last_seen (datetime.datetime | None): The last request in the window; `null` without requests.
        by_cache_status (PlaybackTotalsByCacheStatus): Requests by `X-Rend-Cache` outcome (`HIT`, `MISS`, `COALESCED`,
            `NONE` for refusals and errors before the cache).
        by_status_code (PlaybackTotalsByStatusCode): Requests by HTTP status, keyed by the status as a string (e.g.
            `200`, `206`).
        asset_id (UUID):
        qoe (PlaybackQoe): What the players' beacons said of the views whose beacons arrived in the window, each view as
            its last beacon had it. The startup percentiles are exact (nearest rank) over the views that reached a first
            frame; they and `rebuffer_ratio` are `null` without such views.
        by_region (AssetPlaybackAnalyticsByRegion): Requests by edge region, most first (at most 100 regions).
        series (list[AssetPlaybackAnalyticsSeriesItem]):
    """

    window: AnalyticsWindow
    requests: int
    bytes_served: int
    first_seen: datetime.datetime | None
    last_seen: datetime.datetime | None
    by_cache_status: PlaybackTotalsByCacheStatus
    by_status_code: PlaybackTotalsByStatusCode
    asset_id: UUID
    qoe: PlaybackQoe
    by_region: AssetPlaybackAnalyticsByRegion
    series: list[AssetPlaybackAnalyticsSeriesItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        window = self.window.to_dict()

        requests = self.requests

        bytes_served = self.bytes_served

        first_seen: None | str
        if isinstance(self.first_seen, datetime.datetime):
            first_seen = self.first_seen.isoformat()
        else:
            first_seen = self.first_seen

        last_seen: None | str
        if isinstance(self.last_seen, datetime.datetime):
            last_seen = self.last_seen.isoformat()
        else:
            last_seen = self.last_seen

        by_cache_status = self.by_cache_status.to_dict()

        by_status_code = self.by_status_code.to_dict()

        asset_id = str(self.asset_id)

        qoe = self.qoe.to_dict()

        by_region = self.by_region.to_dict()

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "window": window,
                "requests": requests,
                "bytes_served": bytes_served,
                "first_seen": first_seen,
                "last_seen": last_seen,
                "by_cache_status": by_cache_status,
                "by_status_code": by_status_code,
                "asset_id": asset_id,
                "qoe": qoe,
                "by_region": by_region,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.analytics_window import AnalyticsWindow
        from ..models.asset_playback_analytics_by_region import (
            AssetPlaybackAnalyticsByRegion,
        )
        from ..models.asset_playback_analytics_series_item import (
            AssetPlaybackAnalyticsSeriesItem,
        )
        from ..models.playback_qoe import PlaybackQoe
        from ..models.playback_totals_by_cache_status import PlaybackTotalsByCacheStatus
        from ..models.playback_totals_by_status_code import PlaybackTotalsByStatusCode

        d = dict(src_dict)
        window = AnalyticsWindow.from_dict(d.pop("window"))

        requests = d.pop("requests")

        bytes_served = d.pop("bytes_served")

        def _parse_first_seen(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_seen_type_0 = datetime.datetime.fromisoformat(data)

                return first_seen_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        first_seen = _parse_first_seen(d.pop("first_seen"))

        def _parse_last_seen(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_type_0 = datetime.datetime.fromisoformat(data)

                return last_seen_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_seen = _parse_last_seen(d.pop("last_seen"))

        by_cache_status = PlaybackTotalsByCacheStatus.from_dict(
            d.pop("by_cache_status")
        )

        by_status_code = PlaybackTotalsByStatusCode.from_dict(d.pop("by_status_code"))

        asset_id = UUID(d.pop("asset_id"))

        qoe = PlaybackQoe.from_dict(d.pop("qoe"))

        by_region = AssetPlaybackAnalyticsByRegion.from_dict(d.pop("by_region"))

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = AssetPlaybackAnalyticsSeriesItem.from_dict(series_item_data)

            series.append(series_item)

        asset_playback_analytics = cls(
            window=window,
            requests=requests,
            bytes_served=bytes_served,
            first_seen=first_seen,
            last_seen=last_seen,
            by_cache_status=by_cache_status,
            by_status_code=by_status_code,
            asset_id=asset_id,
            qoe=qoe,
            by_region=by_region,
            series=series,
        )

        asset_playback_analytics.additional_properties = d
        return asset_playback_analytics

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
