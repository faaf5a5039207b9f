from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.asset_metadata_patch import AssetMetadataPatch


T = TypeVar("T", bound="DirectUploadRequest")


@_attrs_define
class DirectUploadRequest:
    """
    Attributes:
        cors_origin (str): The origin browsers upload from (`https://app.example.com`, no path), or `*`.
        timeout_secs (int | Unset): How long the URL works; default `REND_UPLOAD_SESSION_TIMEOUT_SECS` (3600), at most
            `REND_UPLOAD_SESSION_MAX_TIMEOUT_SECS`.
        max_bytes (int | Unset): The largest upload; default and ceiling `REND_MAX_UPLOAD_BYTES`.
        new_asset_settings (AssetMetadataPatch | Unset): The metadata a developer owns on an asset, echoed on the asset,
            in every lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears. Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners) and
            whitespace at either end. Values are stored as sent, not normalised.
    """

    cors_origin: str
    timeout_secs: int | Unset = UNSET
    max_bytes: int | Unset = UNSET
    new_asset_settings: AssetMetadataPatch | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        cors_origin = self.cors_origin

        timeout_secs = self.timeout_secs

        max_bytes = self.max_bytes

        new_asset_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.new_asset_settings, Unset):
            new_asset_settings = self.new_asset_settings.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cors_origin": cors_origin,
            }
        )
        if timeout_secs is not UNSET:
            field_dict["timeout_secs"] = timeout_secs
        if max_bytes is not UNSET:
            field_dict["max_bytes"] = max_bytes
        if new_asset_settings is not UNSET:
            field_dict["new_asset_settings"] = new_asset_settings

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.asset_metadata_patch import AssetMetadataPatch

        d = dict(src_dict)
        cors_origin = d.pop("cors_origin")

        timeout_secs = d.pop("timeout_secs", UNSET)

        max_bytes = d.pop("max_bytes", UNSET)

        _new_asset_settings = d.pop("new_asset_settings", UNSET)
        new_asset_settings: AssetMetadataPatch | Unset
        if isinstance(_new_asset_settings, Unset):
            new_asset_settings = UNSET
        else:
            new_asset_settings = AssetMetadataPatch.from_dict(_new_asset_settings)

        direct_upload_request = cls(
            cors_origin=cors_origin,
            timeout_secs=timeout_secs,
            max_bytes=max_bytes,
            new_asset_settings=new_asset_settings,
        )

        return direct_upload_request
