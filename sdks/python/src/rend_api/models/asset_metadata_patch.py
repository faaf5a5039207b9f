from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssetMetadataPatch")


@_attrs_define
class AssetMetadataPatch:
    """The metadata a developer owns on an asset, echoed on the asset, in every lifecycle event's
    `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears. Text
    is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
    U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
    `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners) and
    whitespace at either end. Values are stored as sent, not normalised.

        Attributes:
            title (None | str | Unset):
            external_id (None | str | Unset):
            creator_id (None | str | Unset):
            passthrough (None | str | Unset): Opaque to Rend, e.g. your own JSON or a signed reference.
            tags (list[str] | None | Unset): The whole list, at most 20; repeats are dropped (first place kept).
    """

    title: None | str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    creator_id: None | str | Unset = UNSET
    passthrough: None | str | Unset = UNSET
    tags: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        creator_id: None | str | Unset
        if isinstance(self.creator_id, Unset):
            creator_id = UNSET
        else:
            creator_id = self.creator_id

        passthrough: None | str | Unset
        if isinstance(self.passthrough, Unset):
            passthrough = UNSET
        else:
            passthrough = self.passthrough

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if title is not UNSET:
            field_dict["title"] = title
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if creator_id is not UNSET:
            field_dict["creator_id"] = creator_id
        if passthrough is not UNSET:
            field_dict["passthrough"] = passthrough
        if tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_creator_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        creator_id = _parse_creator_id(d.pop("creator_id", UNSET))

        def _parse_passthrough(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        passthrough = _parse_passthrough(d.pop("passthrough", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        asset_metadata_patch = cls(
            title=title,
            external_id=external_id,
            creator_id=creator_id,
            passthrough=passthrough,
            tags=tags,
        )

        return asset_metadata_patch
