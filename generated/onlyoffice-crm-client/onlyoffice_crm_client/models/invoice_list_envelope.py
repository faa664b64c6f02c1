from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key, decode_list
from ..types import UNSET, Unset

T = TypeVar("T", bound="InvoiceListEnvelope")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "status",
        "statusCode",
        "response",
        "count",
        "startIndex",
        "nextIndex",
        "total",
    )
)


@_attrs_define
class InvoiceListEnvelope:
    """The envelope of a successful answer, holding a list of invoices. `count` and
    `startIndex` are left out when they are 0; `nextIndex` when there is no next page;
    `total` from a delete answer unless a `count` was sent and more invoices were deleted.

        Attributes:
            status (Literal[0]): 0, success.
            status_code (int): The HTTP status, repeated.
            response (list[Invoice]): The invoices.
            count (int | Unset): The number of invoices in `response`; left out when 0.
            start_index (int | Unset): The `startIndex` of the request; left out when 0. The portal repeats the value sent
                as a 64-bit integer, even one above the int32 bound the request must keep to.
            next_index (int | Unset): Present only when more invoices match: `startIndex + count + 1`, one past the first
                invoice of the next page. Request the next page with `startIndex + count`.
            total (int | Unset): The number of matching invoices (on the last page, `startIndex + count`), 0 when
                none match. For a user who is not an administrator it counts every match, including
                invoices hidden from that user, so it is not what they can page through. A list
                always has it; a delete answer has it only when the request sent a `count` smaller
                than the number of invoices deleted (then it is that number). Not for paging: the
                portal may answer a count cached for another filter (up to 30 seconds old); page
                until there is no `nextIndex`. Negative after a request whose `startIndex` was above
                the int32 bound (the portal's query wraps it).
    """

    status: Literal[0]
    status_code: int
    response: list[Invoice]
    count: int | Unset = UNSET
    start_index: int | Unset = UNSET
    next_index: int | Unset = UNSET
    total: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        status_code = self.status_code

        response = []
        for response_item_data in self.response:
            response_item = response_item_data.to_dict()
            response.append(response_item)

        count = self.count

        start_index = self.start_index

        next_index = self.next_index

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "statusCode": status_code,
                "response": response,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count
        if start_index is not UNSET:
            field_dict["startIndex"] = start_index
        if next_index is not UNSET:
            field_dict["nextIndex"] = next_index
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            status = cast(Literal[0], src_dict["status"])
            if status != 0:
                raise ValueError(f"status must match const 0, got '{status}'")
        except Exception as field_error_:
            raise at_key(field_error_, "status", src_dict)

        try:
            status_code = src_dict["statusCode"]
        except Exception as field_error_:
            raise at_key(field_error_, "statusCode", src_dict)

        try:
            _response = src_dict["response"]
            response = decode_list(Invoice.from_dict, _response)
        except Exception as field_error_:
            raise at_key(field_error_, "response", src_dict)

        try:
            count = src_dict.get("count", UNSET)
        except Exception as field_error_:
            raise at_key(field_error_, "count", src_dict)

        try:
            start_index = src_dict.get("startIndex", UNSET)
        except Exception as field_error_:
            raise at_key(field_error_, "startIndex", src_dict)

        try:
            next_index = src_dict.get("nextIndex", UNSET)
        except Exception as field_error_:
            raise at_key(field_error_, "nextIndex", src_dict)

        try:
            total = src_dict.get("total", UNSET)
        except Exception as field_error_:
            raise at_key(field_error_, "total", src_dict)

        invoice_list_envelope = cls(
            status,
            status_code,
            response,
            count,
            start_index,
            next_index,
            total,
        )

        if len(src_dict) != 3 + ("count" in src_dict) + ("startIndex" in src_dict) + ("nextIndex" in src_dict) + (
            "total" in src_dict
        ):
            invoice_list_envelope.additional_properties = dict(
                item for item in src_dict.items() if item[0] not in _KNOWN_KEYS
            )
        return invoice_list_envelope

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
from ..models.invoice import Invoice  # noqa: E402
