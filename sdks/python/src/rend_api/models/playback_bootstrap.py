from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.playback_bootstrap_playable_state import PlaybackBootstrapPlayableState
from ..types import UNSET, Unset

T = TypeVar("T", bound="PlaybackBootstrap")


@_attrs_define
class PlaybackBootstrap:
    """
    Attributes:
        asset_id (UUID):
        playable_state (PlaybackBootstrapPlayableState):
        primary_url (str): What a player should load first — the master playlist once HLS is ready, else the opener.
        opener_url (str): An MP4 of the first seconds, playable by any browser.
        segment_hints (list[str]): The segments a player loads first after the opener (those of the start rendition that
            follow the opener; from the first segment when the opener's length is unknown), to prefetch. At most
            REND_PLAYBACK_BOOTSTRAP_PREFETCH_SEGMENTS; empty until HLS is ready.
        expires_at (datetime.datetime): When the URLs' token expires.
        manifest_url (None | str | Unset): The HLS master playlist; `null` while only the opener is ready.
        thumbnail_url (None | str | Unset):
        variant_playlist_url (None | str | Unset): The media playlist of the start rendition (the one nearest the
            opener's size), to prefetch; null until HLS is ready.
        init_segment_url (None | str | Unset): The start rendition's init segment (EXT-X-MAP), to prefetch; null until
            HLS is ready.
        handoff_seconds (float | None | Unset): Where the opener ends on the HLS segment grid (a whole number of
            segments): the player hands over to HLS there. Null when unknown.
        segment_seconds (float | None | Unset): The HLS segment duration; null until HLS is ready.
        beacon_url (None | str | Unset): Where the player sends its QoE beacons (`POST /v1/playback/beacons`) with the
            URLs' token; `null` when this API names none (`REND_PLAYBACK_BEACON_URL`).
    """

    asset_id: UUID
    playable_state: PlaybackBootstrapPlayableState
    primary_url: str
    opener_url: str
    segment_hints: list[str]
    expires_at: datetime.datetime
    manifest_url: None | str | Unset = UNSET
    thumbnail_url: None | str | Unset = UNSET
    variant_playlist_url: None | str | Unset = UNSET
    init_segment_url: None | str | Unset = UNSET
    handoff_seconds: float | None | Unset = UNSET
    segment_seconds: float | None | Unset = UNSET
    beacon_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = str(self.asset_id)

        playable_state = self.playable_state.value

        primary_url = self.primary_url

        opener_url = self.opener_url

        segment_hints = self.segment_hints

        expires_at = self.expires_at.isoformat()

        manifest_url: None | str | Unset
        if isinstance(self.manifest_url, Unset):
            manifest_url = UNSET
        else:
            manifest_url = self.manifest_url

        thumbnail_url: None | str | Unset
        if isinstance(self.thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = self.thumbnail_url

        variant_playlist_url: None | str | Unset
        if isinstance(self.variant_playlist_url, Unset):
            variant_playlist_url = UNSET
        else:
            variant_playlist_url = self.variant_playlist_url

        init_segment_url: None | str | Unset
        if isinstance(self.init_segment_url, Unset):
            init_segment_url = UNSET
        else:
            init_segment_url = self.init_segment_url

        handoff_seconds: float | None | Unset
        if isinstance(self.handoff_seconds, Unset):
            handoff_seconds = UNSET
        else:
            handoff_seconds = self.handoff_seconds

        segment_seconds: float | None | Unset
        if isinstance(self.segment_seconds, Unset):
            segment_seconds = UNSET
        else:
            segment_seconds = self.segment_seconds

        beacon_url: None | str | Unset
        if isinstance(self.beacon_url, Unset):
            beacon_url = UNSET
        else:
            beacon_url = self.beacon_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset_id": asset_id,
                "playable_state": playable_state,
                "primary_url": primary_url,
                "opener_url": opener_url,
                "segment_hints": segment_hints,
                "expires_at": expires_at,
            }
        )
        if manifest_url is not UNSET:
            field_dict["manifest_url"] = manifest_url
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url
        if variant_playlist_url is not UNSET:
            field_dict["variant_playlist_url"] = variant_playlist_url
        if init_segment_url is not UNSET:
            field_dict["init_segment_url"] = init_segment_url
        if handoff_seconds is not UNSET:
            field_dict["handoff_seconds"] = handoff_seconds
        if segment_seconds is not UNSET:
            field_dict["segment_seconds"] = segment_seconds
        if beacon_url is not UNSET:
            field_dict["beacon_url"] = beacon_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        asset_id = UUID(d.pop("asset_id"))

        playable_state = PlaybackBootstrapPlayableState(d.pop("playable_state"))

        primary_url = d.pop("primary_url")

        opener_url = d.pop("opener_url")

        segment_hints = cast(list[str], d.pop("segment_hints"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_manifest_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manifest_url = _parse_manifest_url(d.pop("manifest_url", UNSET))

        def _parse_thumbnail_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail_url = _parse_thumbnail_url(d.pop("thumbnail_url", UNSET))

        def _parse_variant_playlist_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        variant_playlist_url = _parse_variant_playlist_url(
            d.pop("variant_playlist_url", UNSET)
        )

        def _parse_init_segment_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        init_segment_url = _parse_init_segment_url(d.pop("init_segment_url", UNSET))

        def _parse_handoff_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        handoff_seconds = _parse_handoff_seconds(d.pop("handoff_seconds", UNSET))

        def _parse_segment_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        segment_seconds = _parse_segment_seconds(d.pop("segment_seconds", UNSET))

        def _parse_beacon_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        beacon_url = _parse_beacon_url(d.pop("beacon_url", UNSET))

        playback_bootstrap = cls(
            asset_id=asset_id,
            playable_state=playable_state,
            primary_url=primary_url,
            opener_url=opener_url,
            segment_hints=segment_hints,
            expires_at=expires_at,
            manifest_url=manifest_url,
            thumbnail_url=thumbnail_url,
            variant_playlist_url=variant_playlist_url,
            init_segment_url=init_segment_url,
            handoff_seconds=handoff_seconds,
            segment_seconds=segment_seconds,
            beacon_url=beacon_url,
        )

        playback_bootstrap.additional_properties = d
        return playback_bootstrap

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
