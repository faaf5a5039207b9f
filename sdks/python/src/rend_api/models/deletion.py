from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Deletion")


@_attrs_define
class Deletion:
    """
    Attributes:
        asset_id (UUID):
        state (Literal['deleted']):
        deleted_at (datetime.datetime):
        tokens_revoked_until (datetime.datetime): When the last playback URL issued before the delete would have
            expired.
        objects_removed_after (datetime.datetime): When the grace period ends and the objects are removed.
    """

    asset_id: UUID
    state: Literal["deleted"]
    deleted_at: datetime.datetime
    tokens_revoked_until: datetime.datetime
    objects_removed_after: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = str(self.asset_id)

        state = self.state

        deleted_at = self.deleted_at.isoformat()

        tokens_revoked_until = self.tokens_revoked_until.isoformat()

        objects_removed_after = self.objects_removed_after.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset_id": asset_id,
                "state": state,
                "deleted_at": deleted_at,
                "tokens_revoked_until": tokens_revoked_until,
                "objects_removed_after": objects_removed_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        asset_id = UUID(d.pop("asset_id"))

        state = cast(Literal["deleted"], d.pop("state"))
        if state != "deleted":
            raise ValueError(f"state must match const 'deleted', got '{state}'")

        deleted_at = datetime.datetime.fromisoformat(d.pop("deleted_at"))

        tokens_revoked_until = datetime.datetime.fromisoformat(
            d.pop("tokens_revoked_until")
        )

        objects_removed_after = datetime.datetime.fromisoformat(
            d.pop("objects_removed_after")
        )

        deletion = cls(
            asset_id=asset_id,
            state=state,
            deleted_at=deleted_at,
            tokens_revoked_until=tokens_revoked_until,
            objects_removed_after=objects_removed_after,
        )

        deletion.additional_properties = d
        return deletion

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
