from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.asset_metadata_patch import AssetMetadataPatch
    from ..models.ingest_request_input import IngestRequestInput


T = TypeVar("T", bound="IngestRequest")


@_attrs_define
class IngestRequest:
    """Ingest from a URL instead of sending the bytes.

    Attributes:
        input_ (IngestRequestInput):
        metadata (AssetMetadataPatch | Unset): The metadata a developer owns on an asset, echoed on the asset, in every
            lifecycle event's
            `payload.metadata`, and usable as list filters. As a patch: absent keeps, `null` clears. Text
            is counted in Unicode code points and may not hold control characters (U+0000–U+001F,
            U+007F–U+009F), unpaired surrogates or line/paragraph separators; `external_id`,
            `creator_id` and tags also refuse format characters (bidi overrides, zero-width joiners) and
            whitespace at either end. Values are stored as sent, not normalised.
    """

    input_: IngestRequestInput
    metadata: AssetMetadataPatch | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.asset_metadata_patch import AssetMetadataPatch
        from ..models.ingest_request_input import IngestRequestInput

        d = dict(src_dict)
        input_ = IngestRequestInput.from_dict(d.pop("input"))

        _metadata = d.pop("metadata", UNSET)
        metadata: AssetMetadataPatch | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = AssetMetadataPatch.from_dict(_metadata)

        ingest_request = cls(
            input_=input_,
            metadata=metadata,
        )

        return ingest_request
