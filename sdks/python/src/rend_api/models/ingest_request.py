from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.ingest_request_input import IngestRequestInput


T = TypeVar("T", bound="IngestRequest")


@_attrs_define
class IngestRequest:
    """Ingest from a URL instead of sending the bytes.

    Attributes:
        input_ (IngestRequestInput):
    """

    input_: IngestRequestInput

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ingest_request_input import IngestRequestInput

        d = dict(src_dict)
        input_ = IngestRequestInput.from_dict(d.pop("input"))

        ingest_request = cls(
            input_=input_,
        )

        return ingest_request
