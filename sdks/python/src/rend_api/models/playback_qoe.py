from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PlaybackQoe")


@_attrs_define
class PlaybackQoe:
    """What the players' beacons said of the views whose beacons arrived in the window, each view as its last beacon had
    it. The startup percentiles are exact (nearest rank) over the views that reached a first frame; they and
    `rebuffer_ratio` are `null` without such views.

        Attributes:
            views (int):
            startup_ms_p50 (int | None):
            startup_ms_p95 (int | None):
            watch_ms (int):
            rebuffer_count (int):
            rebuffer_ms (int):
            rebuffer_ratio (float | None): Time stalled over time watched plus stalled.
            bitrate_switches (int):
            views_with_fatal_error (int):
    """

    views: int
    startup_ms_p50: int | None
    startup_ms_p95: int | None
    watch_ms: int
    rebuffer_count: int
    rebuffer_ms: int
    rebuffer_ratio: float | None
    bitrate_switches: int
    views_with_fatal_error: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        views = self.views

        startup_ms_p50: int | None
        startup_ms_p50 = self.startup_ms_p50

        startup_ms_p95: int | None
        startup_ms_p95 = self.startup_ms_p95

        watch_ms = self.watch_ms

        rebuffer_count = self.rebuffer_count

        rebuffer_ms = self.rebuffer_ms

        rebuffer_ratio: float | None
        rebuffer_ratio = self.rebuffer_ratio

        bitrate_switches = self.bitrate_switches

        views_with_fatal_error = self.views_with_fatal_error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "views": views,
                "startup_ms_p50": startup_ms_p50,
                "startup_ms_p95": startup_ms_p95,
                "watch_ms": watch_ms,
                "rebuffer_count": rebuffer_count,
                "rebuffer_ms": rebuffer_ms,
                "rebuffer_ratio": rebuffer_ratio,
                "bitrate_switches": bitrate_switches,
                "views_with_fatal_error": views_with_fatal_error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        views = d.pop("views")

        def _parse_startup_ms_p50(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        startup_ms_p50 = _parse_startup_ms_p50(d.pop("startup_ms_p50"))

        def _parse_startup_ms_p95(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        startup_ms_p95 = _parse_startup_ms_p95(d.pop("startup_ms_p95"))

        watch_ms = d.pop("watch_ms")

        rebuffer_count = d.pop("rebuffer_count")

        rebuffer_ms = d.pop("rebuffer_ms")

        def _parse_rebuffer_ratio(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rebuffer_ratio = _parse_rebuffer_ratio(d.pop("rebuffer_ratio"))

        bitrate_switches = d.pop("bitrate_switches")

        views_with_fatal_error = d.pop("views_with_fatal_error")

        playback_qoe = cls(
            views=views,
            startup_ms_p50=startup_ms_p50,
            startup_ms_p95=startup_ms_p95,
            watch_ms=watch_ms,
            rebuffer_count=rebuffer_count,
            rebuffer_ms=rebuffer_ms,
            rebuffer_ratio=rebuffer_ratio,
            bitrate_switches=bitrate_switches,
            views_with_fatal_error=views_with_fatal_error,
        )

        playback_qoe.additional_properties = d
        return playback_qoe

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
