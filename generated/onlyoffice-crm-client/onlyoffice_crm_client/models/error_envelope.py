from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorEnvelope")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "status",
        "statusCode",
        "error",
        "startIndex",
    )
)


@_attrs_define
class ErrorEnvelope:
    """The envelope of an error answer (every error but `401`).

    Attributes:
        status (Literal[1]): 1, error.
        status_code (int): The HTTP status, repeated.
        error (ApiError): The error inside an error envelope.
        start_index (int | Unset): The `startIndex` of the request, when it sent one (not 0).
    """

    status: Literal[1]
    status_code: int
    error: ApiError
    start_index: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        status_code = self.status_code

        error = self.error.to_dict()

        start_index = self.start_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "statusCode": status_code,
                "error": error,
            }
        )
        if start_index is not UNSET:
            field_dict["startIndex"] = start_index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            status = cast(Literal[1], src_dict["status"])
            if status != 1:
                raise ValueError(f"status must match const 1, got '{status}'")
        except Exception as field_error_:
            raise at_key(field_error_, "status", src_dict)

        try:
            status_code = src_dict["statusCode"]
        except Exception as field_error_:
            raise at_key(field_error_, "statusCode", src_dict)

        try:
            error = ApiError.from_dict(src_dict["error"])

        except Exception as field_error_:
            raise at_key(field_error_, "error", src_dict)

        try:
            start_index = src_dict.get("startIndex", UNSET)
        except Exception as field_error_:
            raise at_key(field_error_, "startIndex", src_dict)

        error_envelope = cls(
            status,
            status_code,
            error,
            start_index,
        )

        if len(src_dict) != 3 + ("startIndex" in src_dict):
            error_envelope.additional_properties = dict(item for item in src_dict.items() if item[0] not in _KNOWN_KEYS)
        return error_envelope

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
from ..models.api_error import ApiError  # noqa: E402
