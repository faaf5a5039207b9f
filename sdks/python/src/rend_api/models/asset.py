from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.playable_state import PlayableState
from ..models.source_state import SourceState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.asset_failure_type_1 import AssetFailureType1
    from ..models.links import Links


T = TypeVar("T", bound="Asset")


@_attrs_define
class Asset:
    """
    Attributes:
        asset_id (UUID):
        source_state (SourceState):
        playable_state (PlayableState): `not_playable` until the opener is published, and again once deleted.
        source_object_key (str):
        source_content_type (str):
        source_byte_size (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        title (None | str):
        external_id (None | str):
        creator_id (None | str):
        passthrough (None | str):
        tags (list[str]):
        links (Links):
        duration_seconds (float | None | Unset):
        width (int | None | Unset):
        height (int | None | Unset):
        video_codec (None | str | Unset):
        audio_codec (None | str | Unset):
        failure (AssetFailureType1 | None | Unset):
        deleted_at (datetime.datetime | None | Unset):
    """

    asset_id: UUID
    source_state: SourceState
    playable_state: PlayableState
    source_object_key: str
    source_content_type: str
    source_byte_size: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    title: None | str
    external_id: None | str
    creator_id: None | str
    passthrough: None | str
    tags: list[str]
    links: Links
    duration_seconds: float | None | Unset = UNSET
    width: int | None | Unset = UNSET
    height: int | None | Unset = UNSET
    video_codec: None | str | Unset = UNSET
    audio_codec: None | str | Unset = UNSET
    failure: AssetFailureType1 | None | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.asset_failure_type_1 import AssetFailureType1

        asset_id = str(self.asset_id)

        source_state = self.source_state.value

        playable_state = self.playable_state.value

        source_object_key = self.source_object_key

        source_content_type = self.source_content_type

        source_byte_size = self.source_byte_size

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        title: None | str
        title = self.title

        external_id: None | str
        external_id = self.external_id

        creator_id: None | str
        creator_id = self.creator_id

        passthrough: None | str
        passthrough = self.passthrough

        tags = self.tags

        links = self.links.to_dict()

        duration_seconds: float | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        video_codec: None | str | Unset
        if isinstance(self.video_codec, Unset):
            video_codec = UNSET
        else:
            video_codec = self.video_codec

        audio_codec: None | str | Unset
        if isinstance(self.audio_codec, Unset):
            audio_codec = UNSET
        else:
            audio_codec = self.audio_codec

        failure: dict[str, Any] | None | Unset
        if isinstance(self.failure, Unset):
            failure = UNSET
        elif isinstance(self.failure, AssetFailureType1):
            failure = self.failure.to_dict()
        else:
            failure = self.failure

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset_id": asset_id,
                "source_state": source_state,
                "playable_state": playable_state,
                "source_object_key": source_object_key,
                "source_content_type": source_content_type,
                "source_byte_size": source_byte_size,
                "created_at": created_at,
                "updated_at": updated_at,
                "title": title,
                "external_id": external_id,
                "creator_id": creator_id,
                "passthrough": passthrough,
                "tags": tags,
                "links": links,
            }
        )
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if video_codec is not UNSET:
            field_dict["video_codec"] = video_codec
        if audio_codec is not UNSET:
            field_dict["audio_codec"] = audio_codec
        if failure is not UNSET:
            field_dict["failure"] = failure
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.asset_failure_type_1 import AssetFailureType1
        from ..models.links import Links

        d = dict(src_dict)
        asset_id = UUID(d.pop("asset_id"))

        source_state = SourceState(d.pop("source_state"))

        playable_state = PlayableState(d.pop("playable_state"))

        source_object_key = d.pop("source_object_key")

        source_content_type = d.pop("source_content_type")

        source_byte_size = d.pop("source_byte_size")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        title = _parse_title(d.pop("title"))

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id"))

        def _parse_creator_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        creator_id = _parse_creator_id(d.pop("creator_id"))

        def _parse_passthrough(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        passthrough = _parse_passthrough(d.pop("passthrough"))

        tags = cast(list[str], d.pop("tags"))

        links = Links.from_dict(d.pop("links"))

        def _parse_duration_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))

        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))

        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))

        def _parse_video_codec(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        video_codec = _parse_video_codec(d.pop("video_codec", UNSET))

        def _parse_audio_codec(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audio_codec = _parse_audio_codec(d.pop("audio_codec", UNSET))

        def _parse_failure(data: object) -> AssetFailureType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                failure_type_1 = AssetFailureType1.from_dict(data)

                return failure_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AssetFailureType1 | None | Unset, data)

        failure = _parse_failure(d.pop("failure", UNSET))

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        asset = cls(
            asset_id=asset_id,
            source_state=source_state,
            playable_state=playable_state,
            source_object_key=source_object_key,
            source_content_type=source_content_type,
            source_byte_size=source_byte_size,
            created_at=created_at,
            updated_at=updated_at,
            title=title,
            external_id=external_id,
            creator_id=creator_id,
            passthrough=passthrough,
            tags=tags,
            links=links,
            duration_seconds=duration_seconds,
            width=width,
            height=height,
            video_codec=video_codec,
            audio_codec=audio_codec,
            failure=failure,
            deleted_at=deleted_at,
        )

        asset.additional_properties = d
        return asset

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
