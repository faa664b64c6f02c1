"""Reference data every portal has: currencies, users, pictures, and what a word is.

The rows are inserted once into a new database (`insert_base_rows`) and read back once into a
`Reference`; neither changes while a portal runs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from .wire import STATUS_LABELS

DEFAULT_TIMEZONE = "Europe/Moscow"
DEFAULT_CURRENCY = "USD"  # the portal's default currency, shown for invoices without one
# The portal's own address: profile and contact photo URLs are absolute.
DEFAULT_BASE_URL = "http://localhost"

# (abbreviation, title, symbol, cultureName, isConvertable, isBasic)
CURRENCIES = [
    ("USD", "US Dollar", "$", "US", 1, 1),
    ("EUR", "Euro", "€", "EU", 1, 1),
    ("RUB", "Russian Ruble", "₽", "RU", 1, 1),
    ("GBP", "Pound Sterling", "£", "GB", 1, 0),
    ("CNY", "Chinese Yuan", "¥", "CN", 1, 0),
    ("JPY", "Japanese Yen", "¥", "JP", 1, 0),
    ("CHF", "Swiss Franc", "₣", "CH", 1, 0),
    ("KZT", "Kazakhstani Tenge", "₸", "KZ", 0, 0),
]

AVATAR = "/skins/default/images/default_user_photo_size_32-32.png"

# (key, uuid, displayName, title, is_admin, crm_access)
BASE_USERS = [
    ("admin", "4f6e9b8a-1c2d-4e3f-9a0b-000000000001", "Alex Morgan", "Portal administrator", 1, 1),
    ("user", "4f6e9b8a-1c2d-4e3f-9a0b-000000000002", "Sam Taylor", "", 0, 1),
    ("visitor", "4f6e9b8a-1c2d-4e3f-9a0b-000000000003", "Vic Guest", "Guest", 0, 0),
]

# (id, name, rate %): the taxes an invoice line may carry, up to two each
TAXES = [(1, "VAT", 20.0), (2, "Sales tax", 7.5), (3, "Reduced VAT", 10.0)]

INSERT_USER = (
    "INSERT INTO user (key, uuid, display_name, title, avatar_small, profile_url, is_admin, "
    "crm_access) VALUES (?, ?, ?, ?, ?, '', ?, ?)"
)


@dataclass(frozen=True)
class User:
    id: int
    key: str
    uuid: str
    display_name: str
    title: str
    is_admin: bool
    crm_access: bool

    def wrapper(self, base_url: str) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.uuid, "displayName": self.display_name}
        if self.title:  # left out when empty
            body["title"] = self.title
        body["avatarSmall"] = AVATAR
        body["profileUrl"] = f"{base_url}/Products/People/Profile.aspx?user={self.key}"
        return body


def foto_urls(base_url: str, contact_id: int, is_company: bool) -> tuple[str, str]:
    """A contact's (small, medium) picture, served by the portal's file handler."""
    url = (
        f"{base_url}/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid={contact_id}"
        f"&isc={'True' if is_company else 'False'}&ps="
    )
    return url + "1", url + "2"


def words_of(number: str, description: str) -> list[str]:
    """Lower-cased word starts: each space-separated token of number and description."""
    seen: dict[str, None] = {}
    for text in (number, description):
        for token in text.split(" "):
            if token:
                seen.setdefault(token.lower(), None)
    return list(seen)


def search_keywords(search: str) -> list[str]:
    """filterValue's keywords, lower-cased, minus any that a longer keyword implies (a word
    starting with "abc" also starts with "ab")."""
    words = sorted({w.lower() for w in search.strip().split(" ") if w})
    return [w for i, w in enumerate(words) if i + 1 == len(words) or not words[i + 1].startswith(w)]


def is_pattern(keyword: str) -> bool:
    """Whether a filterValue keyword holds a LIKE wildcard, which the portal never escapes
    (LikeExp): `%` matches any run of characters, `_` any one."""
    return "%" in keyword or "_" in keyword


def currency_key(value: str) -> str:
    # stored upper-case; the portal's MySQL collation compares case-insensitively
    return value.upper() if value.isascii() else value


def insert_base_rows(conn: sqlite3.Connection) -> None:
    """The currencies, taxes and the three users every new portal starts with."""
    conn.executemany("INSERT INTO currency VALUES (?, ?, ?, ?, ?, ?)", CURRENCIES)
    conn.executemany("INSERT INTO tax VALUES (?, ?, ?)", TAXES)
    conn.executemany(INSERT_USER, [(k, u, n, t, AVATAR, a, c) for k, u, n, t, a, c in BASE_USERS])


class Reference:
    """Users, currencies and statuses as read from a database, with their wrappers."""

    def __init__(self, conn: sqlite3.Connection, base_url: str = DEFAULT_BASE_URL) -> None:
        self.base_url = base_url
        self.users: dict[int, User] = {}
        self.users_by_key: dict[str, User] = {}
        for row in conn.execute(
            "SELECT id, key, uuid, display_name, title, is_admin, crm_access FROM user"
        ):
            user = User(row[0], row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6]))
            self.users[user.id] = user
            self.users_by_key[user.key] = user
        self.user_wrappers = {uid: u.wrapper(base_url) for uid, u in self.users.items()}
        self.currencies: dict[str, dict[str, Any]] = {}
        for row in conn.execute(
            "SELECT abbreviation, title, symbol, culture_name, is_convertable, is_basic "
            "FROM currency"
        ):
            self.currencies[row[0]] = {
                "title": row[1],
                "symbol": row[2],
                "abbreviation": row[0],
                "cultureName": row[3],
                "isConvertable": bool(row[4]),
                "isBasic": bool(row[5]),
            }
        self.statuses = {s: {"title": t, "id": s} for s, t in STATUS_LABELS.items()}
