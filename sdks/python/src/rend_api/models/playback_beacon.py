from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlaybackBeacon")


@_attrs_define
class PlaybackBeacon:
    """One beacon of a view; every field bounded, unknown fields refused.

    Attributes:
        asset_id (UUID):
        token (str): The playback token, the path prefix of the view's signed URLs (`/p/<token>/…`).
        view_id (UUID): A UUID the player made for this view; all its beacons carry it.
        seq (int | Unset): 0 for the view's first beacon, higher for each later one.
        startup_ms (int | Unset): From the play request to the first frame; -1 (or absent) before it.
        page_first_frame_ms (int | Unset): From the page's navigation start to the first frame; -1 (or absent) before
            it.
        watch_ms (int | Unset): Time spent playing so far (not stalled).
        rebuffer_count (int | Unset): Stalls after the first frame.
        rebuffer_ms (int | Unset): Time stalled after the first frame.
        bitrate_switches (int | Unset):
        fatal_error (None | str | Unset): The error code that ended the view, if one did.
        player (None | str | Unset): The player and its version, e.g. `rend-player/0.1.0`.
    """

    asset_id: UUID
    token: str
    view_id: UUID
    seq: int | Unset = UNSET
    startup_ms: int | Unset = UNSET
    page_first_frame_ms: int | Unset = UNSET
    watch_ms: int | Unset = UNSET
    rebuffer_count: int | Unset = UNSET
    rebuffer_ms: int | Unset = UNSET
    bitrate_switches: int | Unset = UNSET
    fatal_error: None | str | Unset = UNSET
    player: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        asset_id = str(self.asset_id)

        token = self.token

        view_id = str(self.view_id)

        seq = self.seq

        startup_ms = self.startup_ms

        page_first_frame_ms = self.page_first_frame_ms

        watch_ms = self.watch_ms

        rebuffer_count = self.rebuffer_count

        rebuffer_ms = self.rebuffer_ms

        bitrate_switches = self.bitrate_switches

        fatal_error: None | str | Unset
        if isinstance(self.fatal_error, Unset):
            fatal_error = UNSET
        else:
            fatal_error = self.fatal_error

        player: None | str | Unset
        if isinstance(self.player, Unset):
            player = UNSET
        else:
            player = self.player

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "asset_id": asset_id,
                "token": token,
                "view_id": view_id,
            }
        )
        if seq is not UNSET:
            field_dict["seq"] = seq
        if startup_ms is not UNSET:
            field_dict["startup_ms"] = startup_ms
        if page_first_frame_ms is not UNSET:
            field_dict["page_first_frame_ms"] = page_first_frame_ms
        if watch_ms is not UNSET:
            field_dict["watch_ms"] = watch_ms
        if rebuffer_count is not UNSET:
            field_dict["rebuffer_count"] = rebuffer_count
        if rebuffer_ms is not UNSET:
            field_dict["rebuffer_ms"] = rebuffer_ms
        if bitrate_switches is not UNSET:
            field_dict["bitrate_switches"] = bitrate_switches
        if fatal_error is not UNSET:
            field_dict["fatal_error"] = fatal_error
        if player is not UNSET:
            field_dict["player"] = player

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        asset_id = UUID(d.pop("asset_id"))

        token = d.pop("token")

        view_id = UUID(d.pop("view_id"))

        seq = d.pop("seq", UNSET)

        startup_ms = d.pop("startup_ms", UNSET)

        page_first_frame_ms = d.pop("page_first_frame_ms", UNSET)

        watch_ms = d.pop("watch_ms", UNSET)

        rebuffer_count = d.pop("rebuffer_count", UNSET)

        rebuffer_ms = d.pop("rebuffer_ms", UNSET)

        bitrate_switches = d.pop("bitrate_switches", UNSET)

        def _parse_fatal_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fatal_error = _parse_fatal_error(d.pop("fatal_error", UNSET))

        def _parse_player(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        player = _parse_player(d.pop("player", UNSET))

        playback_beacon = cls(
            asset_id=asset_id,
            token=token,
            view_id=view_id,
            seq=seq,
            startup_ms=startup_ms,
            page_first_frame_ms=page_first_frame_ms,
            watch_ms=watch_ms,
            rebuffer_count=rebuffer_count,
            rebuffer_ms=rebuffer_ms,
            bitrate_switches=bitrate_switches,
            fatal_error=fatal_error,
            player=player,
        )

        return playback_beacon
