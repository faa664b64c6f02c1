from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key

T = TypeVar("T", bound="Currency")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "title",
        "symbol",
        "abbreviation",
        "cultureName",
        "isConvertable",
        "isBasic",
    )
)


@_attrs_define
class Currency:
    """A currency the portal knows.

    Attributes:
        title (str): The currency's name.
        symbol (str): The currency sign.
        abbreviation (str): The ISO 4217 code, upper-case.
        culture_name (str): The culture the currency belongs to, for example `CN`.
        is_convertable (bool): Whether the portal converts amounts in this currency (the portal's spelling).
        is_basic (bool): Whether this is one of the portal's basic currencies.
    """

    title: str
    symbol: str
    abbreviation: str
    culture_name: str
    is_convertable: bool
    is_basic: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        symbol = self.symbol

        abbreviation = self.abbreviation

        culture_name = self.culture_name

        is_convertable = self.is_convertable

        is_basic = self.is_basic

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "symbol": symbol,
                "abbreviation": abbreviation,
                "cultureName": culture_name,
                "isConvertable": is_convertable,
                "isBasic": is_basic,
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
            symbol = src_dict["symbol"]
        except Exception as field_error_:
            raise at_key(field_error_, "symbol", src_dict)

        try:
            abbreviation = src_dict["abbreviation"]
        except Exception as field_error_:
            raise at_key(field_error_, "abbreviation", src_dict)

        try:
            culture_name = src_dict["cultureName"]
        except Exception as field_error_:
            raise at_key(field_error_, "cultureName", src_dict)

        try:
            is_convertable = src_dict["isConvertable"]
        except Exception as field_error_:
            raise at_key(field_error_, "isConvertable", src_dict)

        try:
            is_basic = src_dict["isBasic"]
        except Exception as field_error_:
            raise at_key(field_error_, "isBasic", src_dict)

        currency = cls(
            title,
            symbol,
            abbreviation,
            culture_name,
            is_convertable,
            is_basic,
        )

        if len(src_dict) != 6:
            currency.additional_properties = dict(item for item in src_dict.items() if item[0] not in _KNOWN_KEYS)
        return currency

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
