from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="IngestRequestInput")


@_attrs_define
class IngestRequestInput:
    """
    Attributes:
        url (str): An `http` or `https` URL on the public internet (or a host named in `REND_INGEST_ALLOWED_HOSTS`).
    """

    url: str

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        url = d.pop("url")

        ingest_request_input = cls(
            url=url,
        )

        return ingest_request_input
