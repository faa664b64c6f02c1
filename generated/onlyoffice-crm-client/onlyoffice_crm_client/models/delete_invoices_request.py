from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key

T = TypeVar("T", bound="DeleteInvoicesRequest")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(("invoiceids",))


@_attrs_define
class DeleteInvoicesRequest:
    """The body of `deleteInvoices`.

    Attributes:
        invoiceids (list[int]): The ids of the invoices to delete; at least one. Unknown ids are skipped.
    """

    invoiceids: list[int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invoiceids = self.invoiceids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invoiceids": invoiceids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            invoiceids = cast(list[int], src_dict["invoiceids"])

        except Exception as field_error_:
            raise at_key(field_error_, "invoiceids", src_dict)

        delete_invoices_request = cls(
            invoiceids,
        )

        if len(src_dict) != 1:
            delete_invoices_request.additional_properties = dict(
                item for item in src_dict.items() if item[0] not in _KNOWN_KEYS
            )
        return delete_invoices_request

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
