from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key, decode_list, enum_member
from ..models.share_type import ShareType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Contact")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "smallFotoUrl",
        "mediumFotoUrl",
        "displayName",
        "isCompany",
        "isPrivate",
        "isShared",
        "shareType",
        "currency",
        "canEdit",
        "canDelete",
        "id",
        "accessList",
    )
)


@_attrs_define
class Contact:
    """A person or company, in the short form the portal embeds in an invoice.

    Attributes:
        small_foto_url (str): Absolute URL of the small photo, served by the portal's file handler.
        medium_foto_url (str): Absolute URL of the medium photo, served by the portal's file handler.
        display_name (str): The name of the person or company.
        is_company (bool): Whether the contact is a company.
        is_private (bool): Whether only the users on the access list may read the contact; exactly `shareType` 0.
        is_shared (bool): Whether the contact is shared with every user; exactly `shareType` 1 or 2 (the opposite of
            `isPrivate`).
        share_type (int | ShareType): How the contact is shared (0 private, 1 read and write, 2 read); a newer portal
            may add values.
        currency (Currency | None): The contact's currency, or null.
        can_edit (bool): Whether the user may edit the contact: true for the administrator, for a contact
            shared read and write (`shareType` 1) and for a user on its access list.
        can_delete (bool): Always false in this short form, whatever the user's rights.
        id (int): The contact id.
        access_list (list[Employee] | Unset): The users who may read a private contact; present only when the contact is
            private (`shareType` 0).
    """

    small_foto_url: str
    medium_foto_url: str
    display_name: str
    is_company: bool
    is_private: bool
    is_shared: bool
    share_type: int | ShareType
    currency: Currency | None
    can_edit: bool
    can_delete: bool
    id: int
    access_list: list[Employee] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        small_foto_url = self.small_foto_url

        medium_foto_url = self.medium_foto_url

        display_name = self.display_name

        is_company = self.is_company

        is_private = self.is_private

        is_shared = self.is_shared

        share_type: int
        if isinstance(self.share_type, ShareType):
            share_type = self.share_type.value
        else:
            share_type = self.share_type

        currency: dict[str, Any] | None
        if isinstance(self.currency, Currency):
            currency = self.currency.to_dict()
        else:
            currency = self.currency

        can_edit = self.can_edit

        can_delete = self.can_delete

        id = self.id

        access_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.access_list, Unset):
            access_list = []
            for access_list_item_data in self.access_list:
                access_list_item = access_list_item_data.to_dict()
                access_list.append(access_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "smallFotoUrl": small_foto_url,
                "mediumFotoUrl": medium_foto_url,
                "displayName": display_name,
                "isCompany": is_company,
                "isPrivate": is_private,
                "isShared": is_shared,
                "shareType": share_type,
                "currency": currency,
                "canEdit": can_edit,
                "canDelete": can_delete,
                "id": id,
            }
        )
        if access_list is not UNSET:
            field_dict["accessList"] = access_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            small_foto_url = src_dict["smallFotoUrl"]
        except Exception as field_error_:
            raise at_key(field_error_, "smallFotoUrl", src_dict)

        try:
            medium_foto_url = src_dict["mediumFotoUrl"]
        except Exception as field_error_:
            raise at_key(field_error_, "mediumFotoUrl", src_dict)

        try:
            display_name = src_dict["displayName"]
        except Exception as field_error_:
            raise at_key(field_error_, "displayName", src_dict)

        try:
            is_company = src_dict["isCompany"]
        except Exception as field_error_:
            raise at_key(field_error_, "isCompany", src_dict)

        try:
            is_private = src_dict["isPrivate"]
        except Exception as field_error_:
            raise at_key(field_error_, "isPrivate", src_dict)

        try:
            is_shared = src_dict["isShared"]
        except Exception as field_error_:
            raise at_key(field_error_, "isShared", src_dict)

        try:
            _share_type_data = src_dict["shareType"]
            share_type: int | ShareType
            try:
                if not isinstance(_share_type_data, int):
                    raise TypeError()
                share_type_type_0 = enum_member(ShareType, _share_type_data)

                share_type = share_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                share_type = cast(int | ShareType, _share_type_data)

        except Exception as field_error_:
            raise at_key(field_error_, "shareType", src_dict)

        try:
            _currency_data = src_dict["currency"]
            currency: Currency | None
            if _currency_data is None:
                currency = None
            else:
                if not isinstance(_currency_data, dict):
                    raise TypeError()
                currency_type_0 = Currency.from_dict(_currency_data)

                currency = currency_type_0

        except Exception as field_error_:
            raise at_key(field_error_, "currency", src_dict)

        try:
            can_edit = src_dict["canEdit"]
        except Exception as field_error_:
            raise at_key(field_error_, "canEdit", src_dict)

        try:
            can_delete = src_dict["canDelete"]
        except Exception as field_error_:
            raise at_key(field_error_, "canDelete", src_dict)

        try:
            id = src_dict["id"]
        except Exception as field_error_:
            raise at_key(field_error_, "id", src_dict)

        try:
            _access_list = src_dict.get("accessList", UNSET)
            access_list: list[Employee] | Unset = UNSET
            if _access_list is not UNSET:
                access_list = decode_list(Employee.from_dict, _access_list)
        except Exception as field_error_:
            raise at_key(field_error_, "accessList", src_dict)

        contact = cls(
            small_foto_url,
            medium_foto_url,
            display_name,
            is_company,
            is_private,
            is_shared,
            share_type,
            currency,
            can_edit,
            can_delete,
            id,
            access_list,
        )

        if len(src_dict) != 11 + ("accessList" in src_dict):
            contact.additional_properties = dict(item for item in src_dict.items() if item[0] not in _KNOWN_KEYS)
        return contact

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
from ..models.currency import Currency  # noqa: E402
from ..models.employee import Employee  # noqa: E402
