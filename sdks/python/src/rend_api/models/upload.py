from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.playable_state import PlayableState
from ..models.source_state import SourceState

if TYPE_CHECKING:
    from ..models.links import Links
    from ..models.upload_media_job import UploadMediaJob


T = TypeVar("T", bound="Upload")


@_attrs_define
class Upload:
    """
    Attributes:
        asset_id (UUID):
        source_object_key (str):
        source_byte_size (int):
        source_state (SourceState):
        playable_state (PlayableState): `not_playable` until the opener is published, and again once deleted.
        media_job (UploadMediaJob):
        created_at (datetime.datetime):
        title (None | str):
        external_id (None | str):
        creator_id (None | str):
        passthrough (None | str):
        tags (list[str]):
        links (Links):
    """

    asset_id: UUID
    source_object_key: str
    source_byte_size: int
    source_state: SourceState
    playable_state: PlayableState
    media_job: UploadMediaJob
    created_at: datetime.datetime
    title: None | str
    external_id: None | str
    creator_id: None | str
    passthrough: None | str
    tags: list[str]
    links: Links
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = str(self.asset_id)

        source_object_key = self.source_object_key

        source_byte_size = self.source_byte_size

        source_state = self.source_state.value

        playable_state = self.playable_state.value

        media_job = self.media_job.to_dict()

        created_at = self.created_at.isoformat()

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset_id": asset_id,
                "source_object_key": source_object_key,
                "source_byte_size": source_byte_size,
                "source_state": source_state,
                "playable_state": playable_state,
                "media_job": media_job,
                "created_at": created_at,
                "title": title,
                "external_id": external_id,
                "creator_id": creator_id,
                "passthrough": passthrough,
                "tags": tags,
                "links": links,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.links import Links
        from ..models.upload_media_job import UploadMediaJob

        d = dict(src_dict)
        asset_id = UUID(d.pop("asset_id"))

        source_object_key = d.pop("source_object_key")

        source_byte_size = d.pop("source_byte_size")

        source_state = SourceState(d.pop("source_state"))

        playable_state = PlayableState(d.pop("playable_state"))

        media_job = UploadMediaJob.from_dict(d.pop("media_job"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        upload = cls(
            asset_id=asset_id,
            source_object_key=source_object_key,
            source_byte_size=source_byte_size,
            source_state=source_state,
            playable_state=playable_state,
            media_job=media_job,
            created_at=created_at,
            title=title,
            external_id=external_id,
            creator_id=creator_id,
            passthrough=passthrough,
            tags=tags,
            links=links,
        )

        upload.additional_properties = d
        return upload

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
