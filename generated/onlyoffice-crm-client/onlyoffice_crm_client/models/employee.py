from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key, uuid_from_text
from ..types import UNSET, Unset

T = TypeVar("T", bound="Employee")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "id",
        "displayName",
        "avatarSmall",
        "profileUrl",
        "title",
    )
)


@_attrs_define
class Employee:
    """A portal user (the creator of an invoice, or a member of an access list).

    Attributes:
        id (UUID): The user id.
        display_name (str): The user's name.
        avatar_small (str): URL of the small avatar (often relative to the portal).
        profile_url (str): Absolute URL of the user's profile page.
        title (str | Unset): The user's job title; left out when empty.
    """

    id: UUID
    display_name: str
    avatar_small: str
    profile_url: str
    title: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        display_name = self.display_name

        avatar_small = self.avatar_small

        profile_url = self.profile_url

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "displayName": display_name,
                "avatarSmall": avatar_small,
                "profileUrl": profile_url,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            id = uuid_from_text(src_dict["id"])
        except Exception as field_error_:
            raise at_key(field_error_, "id", src_dict)

        try:
            display_name = src_dict["displayName"]
        except Exception as field_error_:
            raise at_key(field_error_, "displayName", src_dict)

        try:
            avatar_small = src_dict["avatarSmall"]
        except Exception as field_error_:
            raise at_key(field_error_, "avatarSmall", src_dict)

        try:
            profile_url = src_dict["profileUrl"]
        except Exception as field_error_:
            raise at_key(field_error_, "profileUrl", src_dict)

        try:
            title = src_dict.get("title", UNSET)
        except Exception as field_error_:
            raise at_key(field_error_, "title", src_dict)

        employee = cls(
            id,
            display_name,
            avatar_small,
            profile_url,
            title,
        )

        if len(src_dict) != 4 + ("title" in src_dict):
            employee.additional_properties = dict(item for item in src_dict.items() if item[0] not in _KNOWN_KEYS)
        return employee

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
