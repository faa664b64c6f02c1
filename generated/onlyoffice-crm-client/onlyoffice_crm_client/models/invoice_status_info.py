from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key, enum_member
from ..models.invoice_status import InvoiceStatus

T = TypeVar("T", bound="InvoiceStatusInfo")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "title",
        "id",
    )
)


@_attrs_define
class InvoiceStatusInfo:
    """The status of an invoice with its label.

    Attributes:
        title (str): The label in the user's language, for example "Billed" for Sent.
        id (int | InvoiceStatus): The status; a newer portal may add values.
    """

    title: str
    id: int | InvoiceStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        id: int
        if isinstance(self.id, InvoiceStatus):
            id = self.id.value
        else:
            id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            title = src_dict["title"]
        except Exception as field_error_:
            raise at_key(field_error_, "title", src_dict)

        try:
            _id_data = src_dict["id"]
            id: int | InvoiceStatus
            try:
                if not isinstance(_id_data, int):
                    raise TypeError()
                id_type_0 = enum_member(InvoiceStatus, _id_data)

                id = id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                id = cast(int | InvoiceStatus, _id_data)

        except Exception as field_error_:
            raise at_key(field_error_, "id", src_dict)

        invoice_status_info = cls(
            title,
            id,
        )

        if len(src_dict) != 2:
            invoice_status_info.additional_properties = dict(
                item for item in src_dict.items() if item[0] not in _KNOWN_KEYS
            )
        return invoice_status_info

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
