from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.share_type import ShareType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.currency import Currency
    from ..models.employee import Employee


T = TypeVar("T", bound="Contact")


@_attrs_define
class Contact:
    """A person or company, in the short form the portal embeds in an invoice.

    Attributes:
        small_foto_url (str): URL of the small photo (often relative to the portal).
        medium_foto_url (str): URL of the medium photo (often relative to the portal).
        display_name (str): The name of the person or company.
        is_company (bool): Whether the contact is a company.
        is_private (bool): Whether only the users on the access list may see the contact.
        is_shared (bool): Whether the contact is shared with every user.
        share_type (int | ShareType): How the contact is shared; a newer portal may add values.
        currency (Currency | None): The contact's currency, or null.
        can_edit (bool): Always false in this short form.
        can_delete (bool): Always false in this short form.
        id (int): The contact id.
        access_list (list[Employee] | Unset): The users who may see a private contact; present only when the contact is
            private.
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
        from ..models.currency import Currency  # noqa: PLC0415

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
        from ..models.currency import Currency  # noqa: PLC0415
        from ..models.employee import Employee  # noqa: PLC0415

        d = dict(src_dict)
        small_foto_url = d.pop("smallFotoUrl")

        medium_foto_url = d.pop("mediumFotoUrl")

        display_name = d.pop("displayName")

        is_company = d.pop("isCompany")

        is_private = d.pop("isPrivate")

        is_shared = d.pop("isShared")

        def _parse_share_type(data: object) -> int | ShareType:
            try:
                if not isinstance(data, int):
                    raise TypeError()
                share_type_type_0 = ShareType(data)

                return share_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(int | ShareType, data)

        share_type = _parse_share_type(d.pop("shareType"))

        def _parse_currency(data: object) -> Currency | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                currency_type_0 = Currency.from_dict(data)

                return currency_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Currency | None, data)

        currency = _parse_currency(d.pop("currency"))

        can_edit = d.pop("canEdit")

        can_delete = d.pop("canDelete")

        id = d.pop("id")

        _access_list = d.pop("accessList", UNSET)
        access_list: list[Employee] | Unset = UNSET
        if _access_list is not UNSET:
            access_list = []
            for access_list_item_data in _access_list:
                access_list_item = Employee.from_dict(access_list_item_data)

                access_list.append(access_list_item)

        contact = cls(
            small_foto_url=small_foto_url,
            medium_foto_url=medium_foto_url,
            display_name=display_name,
            is_company=is_company,
            is_private=is_private,
            is_shared=is_shared,
            share_type=share_type,
            currency=currency,
            can_edit=can_edit,
            can_delete=can_delete,
            id=id,
            access_list=access_list,
        )

        contact.additional_properties = d
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
