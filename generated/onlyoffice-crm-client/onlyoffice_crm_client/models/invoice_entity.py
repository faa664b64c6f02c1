from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key

T = TypeVar("T", bound="InvoiceEntity")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "entityType",
        "entityId",
        "entityTitle",
    )
)


@_attrs_define
class InvoiceEntity:
    """The deal an invoice belongs to.

    Attributes:
        entity_type (str): What the entity is; the portal fills it from a deal, so `opportunity`.
        entity_id (int): The deal id.
        entity_title (str): The deal's title.
    """

    entity_type: str
    entity_id: int
    entity_title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entity_type = self.entity_type

        entity_id = self.entity_id

        entity_title = self.entity_title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entityType": entity_type,
                "entityId": entity_id,
                "entityTitle": entity_title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            entity_type = src_dict["entityType"]
        except Exception as field_error_:
            raise at_key(field_error_, "entityType", src_dict)

        try:
            entity_id = src_dict["entityId"]
        except Exception as field_error_:
            raise at_key(field_error_, "entityId", src_dict)

        try:
            entity_title = src_dict["entityTitle"]
        except Exception as field_error_:
            raise at_key(field_error_, "entityTitle", src_dict)

        invoice_entity = cls(
            entity_type,
            entity_id,
            entity_title,
        )

        if len(src_dict) != 3:
            invoice_entity.additional_properties = dict(item for item in src_dict.items() if item[0] not in _KNOWN_KEYS)
        return invoice_entity

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
