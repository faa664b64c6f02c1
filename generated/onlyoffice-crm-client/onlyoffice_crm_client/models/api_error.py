from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key

T = TypeVar("T", bound="ApiError")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "message",
        "hresult",
        "data",
    )
)


@_attrs_define
class ApiError:
    """The error inside an error envelope.

    Attributes:
        message (str): The message of the exception, for example "Value does not fall within the expected
            range." for an empty id list.
        hresult (int): The HRESULT of the .NET exception, for example -2147024809 for an invalid argument.
        data (ApiErrorData): The exception's data dictionary; empty in practice.
    """

    message: str
    hresult: int
    data: ApiErrorData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        hresult = self.hresult

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "hresult": hresult,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            message = src_dict["message"]
        except Exception as field_error_:
            raise at_key(field_error_, "message", src_dict)

        try:
            hresult = src_dict["hresult"]
        except Exception as field_error_:
            raise at_key(field_error_, "hresult", src_dict)

        try:
            data = ApiErrorData.from_dict(src_dict["data"])

        except Exception as field_error_:
            raise at_key(field_error_, "data", src_dict)

        api_error = cls(
            message,
            hresult,
            data,
        )

        if len(src_dict) != 3:
            api_error.additional_properties = dict(item for item in src_dict.items() if item[0] not in _KNOWN_KEYS)
        return api_error

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


# Imported after the class so that models referring to each other can import each other.
from ..models.api_error_data import ApiErrorData  # noqa: E402
