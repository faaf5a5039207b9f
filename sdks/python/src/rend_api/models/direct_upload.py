from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.direct_upload_status import DirectUploadStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.direct_upload_error import DirectUploadError
    from ..models.direct_upload_events_item import DirectUploadEventsItem
    from ..models.direct_upload_new_asset_settings import DirectUploadNewAssetSettings
    from ..models.direct_upload_upload import DirectUploadUpload


T = TypeVar("T", bound="DirectUpload")


@_attrs_define
class DirectUpload:
    """
    Attributes:
        id (UUID):
        url (None | str): The tus upload URL, in the create's answer only (it holds the capability).
        status (DirectUploadStatus):
        asset_id (UUID): The asset the upload becomes (it exists once `status` is `asset_created`).
        expires_at (datetime.datetime):
        cors_origin (str):
        max_bytes (int):
        new_asset_settings (DirectUploadNewAssetSettings):
        upload (DirectUploadUpload):
        created_at (datetime.datetime):
        events (list[DirectUploadEventsItem]): The session's lifecycle log, oldest first.
        error (DirectUploadError | Unset):
    """

    id: UUID
    url: None | str
    status: DirectUploadStatus
    asset_id: UUID
    expires_at: datetime.datetime
    cors_origin: str
    max_bytes: int
    new_asset_settings: DirectUploadNewAssetSettings
    upload: DirectUploadUpload
    created_at: datetime.datetime
    events: list[DirectUploadEventsItem]
    error: DirectUploadError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        url: None | str
        url = self.url

        status = self.status.value

        asset_id = str(self.asset_id)

        expires_at = self.expires_at.isoformat()

        cors_origin = self.cors_origin

        max_bytes = self.max_bytes

        new_asset_settings = self.new_asset_settings.to_dict()

        upload = self.upload.to_dict()

        created_at = self.created_at.isoformat()

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "status": status,
                "asset_id": asset_id,
                "expires_at": expires_at,
                "cors_origin": cors_origin,
                "max_bytes": max_bytes,
                "new_asset_settings": new_asset_settings,
                "upload": upload,
                "created_at": created_at,
                "events": events,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.direct_upload_error import DirectUploadError
        from ..models.direct_upload_events_item import DirectUploadEventsItem
        from ..models.direct_upload_new_asset_settings import (
            DirectUploadNewAssetSettings,
        )
        from ..models.direct_upload_upload import DirectUploadUpload

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))

        status = DirectUploadStatus(d.pop("status"))

        asset_id = UUID(d.pop("asset_id"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        cors_origin = d.pop("cors_origin")

        max_bytes = d.pop("max_bytes")

        new_asset_settings = DirectUploadNewAssetSettings.from_dict(
            d.pop("new_asset_settings")
        )

        upload = DirectUploadUpload.from_dict(d.pop("upload"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = DirectUploadEventsItem.from_dict(events_item_data)

            events.append(events_item)

        _error = d.pop("error", UNSET)
        error: DirectUploadError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = DirectUploadError.from_dict(_error)

        direct_upload = cls(
            id=id,
            url=url,
            status=status,
            asset_id=asset_id,
            expires_at=expires_at,
            cors_origin=cors_origin,
            max_bytes=max_bytes,
            new_asset_settings=new_asset_settings,
            upload=upload,
            created_at=created_at,
            events=events,
            error=error,
        )

        direct_upload.additional_properties = d
        return direct_upload

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
