from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Currency")


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
        d = dict(src_dict)
        title = d.pop("title")

        symbol = d.pop("symbol")

        abbreviation = d.pop("abbreviation")

        culture_name = d.pop("cultureName")

        is_convertable = d.pop("isConvertable")

        is_basic = d.pop("isBasic")

        currency = cls(
            title=title,
            symbol=symbol,
            abbreviation=abbreviation,
            culture_name=culture_name,
            is_convertable=is_convertable,
            is_basic=is_basic,
        )

        currency.additional_properties = d
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
