"""The portal's data: reference rows, invoices, the two operations' queries, and wrappers.

`Portal` is also the API tests use to build a small data set by hand:

    portal = Portal()                      # in memory, users and currencies only
    acme = portal.add_contact("Acme Ltd", is_company=True, private=True, access=["user"])
    portal.add_invoice(number="INV-1", issue_date="2021-03-01", contact=acme, create_by="user")
    app = create_app(portal=portal)
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson

from . import db as dbmod
from .params import InvoiceFilter, ListParams
from .wire import STATUS_LABELS, TICKS_PER_SECOND, Clock, ticks_from_datetime

DEFAULT_TIMEZONE = "Europe/Moscow"
DEFAULT_CURRENCY = "USD"  # the portal's default currency, shown for invoices without one

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

INVOICE_COLUMNS = (
    "i.id, i.status, i.number, i.issue_date, i.template_type, i.contact_id, i.consignee_id, "
    "i.deal_id, i.due_date, i.language, i.currency, i.exchange_rate, i.purchase_order_number, "
    "i.terms, i.description, i.file_id, i.create_on, i.create_by, "
    "(SELECT TOTAL(l.quantity * l.price * (100 - l.discount)) FROM invoice_line l "
    "WHERE l.invoice_id = i.id) / 100.0"
)

_SORTS = {
    "number": "i.number {d}",
    "issueDate": "i.issue_date {d}, i.id {d}",
    "dueDate": "i.due_date {d}, i.id {d}",
    "status": "i.status {d}, i.id {d}",
    "id": "i.id {d}",
    # no contact last in both directions; the direction applies to the name only
    "contact": "i.contact_name IS NULL, i.contact_name {d}, i.number",
}

_VISIBLE = (
    "(i.contact_id IS NULL OR i.contact_id NOT IN (SELECT c.id FROM contact c "
    "WHERE c.is_private = 1 AND NOT EXISTS (SELECT 1 FROM contact_access a "
    "WHERE a.contact_id = c.id AND a.user_id = ?)))"
)

_WORD_END = "\U0010ffff"
ROW_CACHE_SIZE = 25_000  # invoice wrappers kept; a few tens of MB
_COMMON_WORD = 3000  # word-start matches from which a word counts as common
_WORD_ESTIMATE = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM invoice_word WHERE word >= ? AND word < ? LIMIT 3000)"
)
# one JSON text for orjson: three times faster than a row per id through the sqlite3 module
_WORD_IDS = "SELECT json_group_array(invoice_id) FROM invoice_word WHERE word >= ? AND word < ?"
_HIDDEN_CONTACTS = (
    "SELECT c.id FROM contact c WHERE c.is_private = 1 AND NOT EXISTS "
    "(SELECT 1 FROM contact_access a WHERE a.contact_id = c.id AND a.user_id = ?)"
)
_MAX_ARRAY_ID = 2**31 - 1  # array('i') holds the ids and ranks


class NumberOrder:
    """Every invoice's place in number order, for sorting a search's matches in memory.

    `rank[id]` is the invoice's position when sorted by number, -1 for an id with no invoice;
    `by_rank[position]` is the id back. Built from one snapshot; deletes never invalidate it
    (a deleted id simply no longer matches), an added invoice does (its id may be one freed by
    a delete, with another number). Two 4-byte arrays: about 8 MB at 1,000,000 invoices, plus
    the contact per id (4 MB more) once a regular user searches."""

    def __init__(self, version: int, ids: list[int]) -> None:
        self.version = version
        self.by_rank = array("i", ids)
        size = max(ids) + 1 if ids else 0
        self.rank = array("i", [-1]) * size
        rank = self.rank
        for position, iid in enumerate(ids):
            rank[iid] = position
        self.contact: array[int] | None = None  # contact id per invoice id, 0 for none
        self.hidden: dict[int, frozenset[int]] = {}  # per user id: contacts they may not see

    def positions(self, ids: Iterable[int]) -> list[int] | None:
        """The positions of `ids`, or None when one of them is not known here (an invoice
        added after this was built, seen by a reader whose snapshot is newer)."""
        rank = self.rank
        try:
            positions = [rank[i] for i in ids]
        except IndexError:
            return None
        if positions and min(positions) < 0:
            return None
        return positions


@dataclass(frozen=True)
class User:
    id: int
    key: str
    uuid: str
    display_name: str
    title: str
    is_admin: bool
    crm_access: bool

    def wrapper(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.uuid, "displayName": self.display_name}
        if self.title:  # left out when empty
            body["title"] = self.title
        body["avatarSmall"] = AVATAR
        body["profileUrl"] = f"/Products/People/Profile.aspx?user={self.key}"
        return body


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


def currency_key(value: str) -> str:
    # stored upper-case; the portal's MySQL collation compares case-insensitively
    return value.upper() if value.isascii() else value


class Portal:
    """A portal: its database, time zone and cached lookups."""

    def __init__(
        self,
        db: str = ":memory:",
        *,
        timezone: str = DEFAULT_TIMEZONE,
        invoices: int = 0,
        seed: int = 1,
        default_currency: str = DEFAULT_CURRENCY,
        progress: Any = None,
    ) -> None:
        self.clock = Clock(timezone)
        self.default_currency = default_currency
        self.generated = False
        if db != ":memory:":
            _prepare_file(db, invoices, seed, progress)
        self.db = dbmod.Database(db)
        if db == ":memory:":
            with self.db.write() as conn:
                _build(conn, invoices, seed, progress)
        self._lock = threading.Lock()
        self.generation = 0  # bumped after every committed delete; guards the count cache
        self._counts: dict[tuple[tuple[str, ...], tuple[Any, ...]], tuple[int, int]] = {}
        self._contacts: dict[int, dict[str, Any]] = {}
        self._deals: dict[int, dict[str, Any]] = {}
        self._rows: dict[int, tuple[dict[str, Any], int, int]] = {}
        self.version = 0  # bumped after every committed insert; guards the number order
        self._order: NumberOrder | None = None
        with self.db.read() as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            self.max_words = int(meta.get("max_words", "0"))
            self.seed = int(meta.get("seed", seed))
        self._load_reference()

    # --- reference data -------------------------------------------------------------------

    def _load_reference(self) -> None:
        with self.db.read() as conn:
            self.users_by_key: dict[str, User] = {}
            self.users: dict[int, User] = {}
            for row in conn.execute(
                "SELECT id, key, uuid, display_name, title, is_admin, crm_access FROM user"
            ):
                user = User(row[0], row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6]))
                self.users[user.id] = user
                self.users_by_key[user.key] = user
            self._user_wrappers = {uid: u.wrapper() for uid, u in self.users.items()}
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
        self._statuses = {s: {"id": s, "title": t} for s, t in STATUS_LABELS.items()}

    def user(self, key: str) -> User:
        return self.users_by_key[key]

    def _contact_wrappers(self, conn: Any, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        missing = [i for i in set(ids) if i is not None and i not in self._contacts]
        if missing:
            rows = conn.execute(
                "SELECT id, display_name, is_company, is_private, share_type, currency, "
                "small_foto_url, medium_foto_url FROM contact "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(missing),),
            ).fetchall()
            access: dict[int, list[int]] = {}
            for cid, uid in conn.execute(
                "SELECT contact_id, user_id FROM contact_access "
                "WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY contact_id, user_id",
                (json.dumps(missing),),
            ):
                access.setdefault(cid, []).append(uid)
            for row in rows:
                body: dict[str, Any] = {
                    "id": row[0],
                    "smallFotoUrl": row[6],
                    "mediumFotoUrl": row[7],
                    "displayName": row[1],
                    "isCompany": bool(row[2]),
                }
                if row[3]:  # the access list is present only on private contacts
                    body["accessList"] = [self._user_wrappers[u] for u in access.get(row[0], [])]
                body["isPrivate"] = bool(row[3])
                body["isShared"] = row[4] != 0
                body["shareType"] = row[4]
                body["currency"] = self.currencies.get(row[5]) if row[5] else None
                body["canEdit"] = False
                body["canDelete"] = False
                self._contacts[row[0]] = body
        return self._contacts

    def _deal_wrappers(self, conn: Any, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        missing = [i for i in set(ids) if i is not None and i not in self._deals]
        if missing:
            for did, title in conn.execute(
                "SELECT id, title FROM deal WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(missing),),
            ):
                self._deals[did] = {
                    "entityType": "opportunity",
                    "entityId": did,
                    "entityTitle": title,
                }
        return self._deals

    # --- the two operations ----------------------------------------------------------------

    def _conditions(self, conn: Any, flt: InvoiceFilter) -> tuple[list[str], list[Any], bool]:
        """WHERE parts for a filter, and whether any filter argument was given at all."""
        conds: list[str] = []
        params: list[Any] = []
        if flt.entity_id > 0 and flt.entity_type:
            if flt.entity_type == "contact":
                conds.append("i.contact_id = ?")
            elif flt.entity_type == "opportunity":
                conds.append("i.deal_id = ?")
            else:
                conds.append("i.id IN (SELECT invoice_id FROM invoice_case WHERE case_id = ?)")
            params.append(flt.entity_id)
        if flt.status is not None:
            conds.append("i.status = ?")
            params.append(flt.status)
        if flt.search:
            keywords = search_keywords(flt.search)
            if len(keywords) > self.max_words:
                conds.append("0")  # no invoice has that many distinct words
            else:
                ranges = [(word, word + _WORD_END) for word in keywords]
                # One common word: "+i.id" stops SQLite from driving the query by the word
                # list (then sorting thousands of rows) and lets it walk the sort index instead.
                # Several words usually intersect to few rows, where the word lists are best.
                common = (
                    len(ranges) == 1
                    and conn.execute(_WORD_ESTIMATE, ranges[0]).fetchone()[0] >= _COMMON_WORD
                )
                column = "+i.id" if common else "i.id"
                for low, high in ranges:
                    conds.append(
                        f"{column} IN (SELECT invoice_id FROM invoice_word "
                        "WHERE word >= ? AND word < ?)"
                    )
                    params += [low, high]
        for column, date_from, date_to in (
            ("i.issue_date", flt.issue_from, flt.issue_to),
            ("i.due_date", flt.due_from, flt.due_to),
        ):
            if date_from is not None:
                conds.append(f"{column} >= ?")
                params.append(date_from)
            if date_to is not None:
                conds.append(f"{column} <= ?")
                params.append(date_to)
        if flt.currency:
            conds.append("i.currency = ?")
            params.append(currency_key(flt.currency))
        has_params = bool(
            flt.search
            or flt.status is not None
            or flt.issue_from is not None
            or flt.issue_to is not None
            or flt.due_from is not None
            or flt.due_to is not None
            or flt.entity_id != 0
            or flt.currency
        )
        return conds, params, has_params

    def _count(self, conn: Any, conds: list[str], params: list[Any]) -> int:
        key = (tuple(conds), tuple(params))
        generation = self.generation
        hit = self._counts.get(key)
        if hit is not None and hit[0] == generation:
            return hit[1]
        where = " WHERE " + " AND ".join(conds) if conds else ""
        count: int
        (count,) = conn.execute(f"SELECT COUNT(*) FROM invoice i{where}", params).fetchone()
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts.clear()
            self._counts[key] = (generation, count)
        return count

    def list_invoices(
        self, user: User, flt: InvoiceFilter, page: ListParams
    ) -> tuple[list[dict[str, Any]], int, int | None]:
        """GET invoice/filter: (items, total, nextIndex)."""
        start = page.start_index
        fetch = page.count + 1  # one more than asked, to know whether more rows exist
        version = self.version  # read before the snapshot: see _number_order
        with self.db.read() as conn:
            # a short page gives the total; otherwise the portal counts, ignoring contact
            # visibility (it only excludes invoice-level private items, which never exist)
            fast = None
            if flt.search and page.sort_by == "number":
                fast = self._search_by_number(conn, version, user, flt, page)
            if fast is not None:
                rows, matched = fast
                total = matched if len(rows) >= fetch else start + len(rows)
            else:
                conds, params, has_params = self._conditions(conn, flt)
                rows = self._page_ids(conn, user, conds, params, has_params, page)
                full = len(rows) >= fetch
                total = self._count(conn, conds, params) if full else start + len(rows)
            items = rows[: page.count] if page.count > 0 else rows
            next_index = None
            if page.count > 0 and len(items) == page.count and len(rows) > page.count:
                next_index = start + page.count + 1
            rendered = _finish(self._cached(conn, items), user)
        return rendered, total, next_index

    def _page_ids(
        self,
        conn: Any,
        user: User,
        conds: list[str],
        params: list[Any],
        has_params: bool,
        page: ListParams,
    ) -> list[int]:
        """The ids of a page plus one more, by query."""
        if has_params and not conds:
            return []  # arguments given but none usable: the portal answers an empty list
        where = list(conds)
        where_params = list(params)
        if not user.is_admin:
            where.append(_VISIBLE)
            where_params.append(user.id)
        order = _SORTS[page.sort_by].format(d="DESC" if page.descending else "ASC")
        sql = "SELECT i.id FROM invoice i"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        return [r[0] for r in conn.execute(sql, [*where_params, page.count + 1, page.start_index])]

    def _number_order(self, conn: Any, version: int) -> NumberOrder | None:
        """The number order for this reader, built in its snapshot if the last one predates
        an insert; None when the ids do not fit a dense array (hand-built, far apart)."""
        order = self._order
        if order is not None and order.version == version:
            return order
        ids = [r[0] for r in conn.execute("SELECT id FROM invoice ORDER BY number")]
        if ids and (min(ids) < 0 or max(ids) > min(_MAX_ARRAY_ID, 4 * len(ids) + 1024)):
            return None
        order = NumberOrder(version, ids)
        with self._lock:
            # `version` was read before this snapshot began, so the snapshot holds every
            # insert up to it (maybe more: harmless, positions() rejects what it lacks)
            if self.version == version:
                self._order = order
        return order

    def _contacts_of(self, conn: Any, order: NumberOrder) -> array[int]:
        contact = order.contact
        if contact is None:
            contact = array("i", [0]) * len(order.rank)
            for iid, cid in conn.execute(
                "SELECT id, contact_id FROM invoice WHERE contact_id IS NOT NULL"
            ):
                if iid < len(contact):  # a later insert: positions() rejects it anyway
                    contact[iid] = cid
            order.contact = contact
        return contact

    def _search_by_number(
        self, conn: Any, version: int, user: User, flt: InvoiceFilter, page: ListParams
    ) -> tuple[list[int], int] | None:
        """A search sorted by number with no other condition: the matching ids from the word
        list, put in number order in memory; (page ids, number of matches ignoring visibility),
        or None to take the query instead. The walk of the number index that the query does
        probes every row against the word list, and its count reads the list again."""
        if self._conditions(conn, replace(flt, search=None))[0]:
            return None  # other conditions: the query
        assert flt.search is not None
        keywords = search_keywords(flt.search)
        if not keywords or len(keywords) > self.max_words:
            return None  # the query answers these at once
        order = self._number_order(conn, version)
        if order is None:
            return None
        matched: set[int] | None = None
        for word in keywords:
            (text,) = conn.execute(_WORD_IDS, (word, word + _WORD_END)).fetchone()
            found = set(orjson.loads(text))  # an invoice may have several words it starts
            matched = found if matched is None else matched & found
            if not matched:
                break
        if matched is None:
            return None
        total = len(matched)  # the count ignores contact visibility, as the portal's does
        candidates: Iterable[int] = matched
        if not user.is_admin:
            hidden = order.hidden.get(user.id)
            if hidden is None:
                hidden = frozenset(r[0] for r in conn.execute(_HIDDEN_CONTACTS, (user.id,)))
                order.hidden[user.id] = hidden
            if 0 in hidden:
                return None  # 0 stands for "no contact" in the array
            if hidden:
                contact = self._contacts_of(conn, order)
                try:
                    candidates = [i for i in matched if contact[i] not in hidden]
                except IndexError:
                    return None
        positions = order.positions(candidates)
        if positions is None:
            return None
        end = page.start_index + page.count + 1
        if end * 4 < len(positions):  # a page near the start: no need to sort them all
            best = heapq.nlargest if page.descending else heapq.nsmallest
            positions = best(end, positions)
        else:
            positions.sort(reverse=page.descending)
        by_rank = order.by_rank
        return [by_rank[p] for p in positions[page.start_index : end]], total

    def delete_invoices(self, user: User, ids: Sequence[int]) -> list[dict[str, Any]]:
        """DELETE invoice: delete what the user may delete, in one transaction; answer the
        deleted invoices as read after their lines were removed (so cost is 0)."""
        wanted = json.dumps(sorted(set(ids)))
        sql = (
            "SELECT i.id, i.number, i.description FROM invoice i "
            "WHERE i.id IN (SELECT value FROM json_each(?))"
        )
        params: list[Any] = [wanted]
        if not user.is_admin:
            sql += " AND i.create_by = ? AND " + _VISIBLE
            params += [user.id, user.id]
        with self.db.write() as conn:
            targets = conn.execute(sql + " ORDER BY i.id", params).fetchall()
            if not targets:
                return []
            chosen = json.dumps([t[0] for t in targets])
            in_chosen = "IN (SELECT value FROM json_each(?))"
            conn.execute(f"DELETE FROM invoice_line WHERE invoice_id {in_chosen}", (chosen,))
            rows = conn.execute(
                f"SELECT {INVOICE_COLUMNS} FROM invoice i WHERE i.id {in_chosen} ORDER BY i.id",
                (chosen,),
            ).fetchall()
            conn.executemany(
                "DELETE FROM invoice_word WHERE word = ? AND invoice_id = ?",
                [(w, t[0]) for t in targets for w in words_of(t[1], t[2])],
            )
            conn.execute(f"DELETE FROM invoice_case WHERE invoice_id {in_chosen}", (chosen,))
            conn.execute(f"DELETE FROM invoice WHERE id {in_chosen}", (chosen,))
            rendered = _finish(self._bases(conn, rows), user)
        with self._lock:
            self.generation += 1
            for t in targets:
                self._rows.pop(t[0], None)
        return rendered

    def _cached(self, conn: Any, ids: list[int]) -> list[tuple[dict[str, Any], int, int]]:
        """Wrappers of the given invoices, from the cache where possible. Stored invoices never
        change (only deletion), so a wrapper stays right until its invoice is deleted."""
        cache = self._rows
        got = {i: cache.get(i) for i in ids}
        missing = [i for i, entry in got.items() if entry is None]
        if missing:
            rows = conn.execute(
                f"SELECT {INVOICE_COLUMNS} FROM invoice i "
                "WHERE i.id IN (SELECT value FROM json_each(?))",
                (json.dumps(missing),),
            ).fetchall()
            fresh = self._bases(conn, rows)
            with self._lock:
                for entry in fresh:
                    got[entry[0]["id"]] = entry
                    cache[entry[0]["id"]] = entry
                while len(cache) > ROW_CACHE_SIZE:
                    cache.pop(next(iter(cache)))  # oldest first
        result: list[tuple[dict[str, Any], int, int]] = []
        for i in ids:
            wrapper = got[i]
            # every id was read in this same transaction, so its row was fetched above
            assert wrapper is not None
            result.append(wrapper)
        return result

    def _bases(
        self, conn: Any, rows: list[tuple[Any, ...]]
    ) -> list[tuple[dict[str, Any], int, int]]:
        """(wrapper with canEdit/canDelete false, status, creator id) per invoice row."""
        if not rows:
            return []
        contacts = self._contact_wrappers(conn, [r[5] for r in rows] + [r[6] for r in rows])
        deals = self._deal_wrappers(conn, [r[7] for r in rows])
        fmt = self.clock.format
        currencies = self.currencies
        default_currency = currencies.get(self.default_currency)
        statuses = self._statuses
        creators = self._user_wrappers
        out = []
        for (
            iid,
            status,
            number,
            issue,
            template,
            contact,
            consignee,
            deal,
            due,
            language,
            currency,
            rate,
            po,
            terms,
            description,
            file_id,
            create_on,
            create_by,
            cost,
        ) in rows:
            out.append(
                (
                    {
                        "id": iid,
                        "status": statuses.get(status) or {"id": status, "title": str(status)},
                        "number": number,
                        "issueDate": fmt(issue),
                        "templateType": template,
                        "contact": contacts.get(contact) if contact is not None else None,
                        "consignee": contacts.get(consignee) if consignee is not None else None,
                        "entity": deals.get(deal) if deal is not None else None,
                        "dueDate": fmt(due),
                        "language": language,
                        "currency": currencies.get(currency, default_currency)
                        if currency
                        else default_currency,
                        "exchangeRate": rate,
                        "purchaseOrderNumber": po,
                        "terms": terms,
                        "description": description,
                        "fileID": file_id,
                        "createOn": fmt(create_on),
                        "createBy": creators[create_by],
                        "cost": round(cost, 2),
                        "canEdit": False,
                        "canDelete": False,
                    },
                    status,
                    create_by,
                )
            )
        return out

    # --- building data by hand -------------------------------------------------------------

    def _ticks(self, value: Any) -> int:
        """A date for add_invoice: ticks, an aware datetime, a naive one (portal zone) or an
        ISO text ("2021-03-01" is local midnight)."""
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                return ticks_from_datetime(value)
            return self.clock.local_to_ticks(value) + value.microsecond * 10
        if isinstance(value, dt.date):
            return self.clock.local_to_ticks(dt.datetime(value.year, value.month, value.day))
        raise TypeError(f"not a date: {value!r}")

    def add_user(
        self,
        key: str,
        display_name: str,
        *,
        title: str = "",
        is_admin: bool = False,
        crm_access: bool = True,
        uuid: str | None = None,
    ) -> User:
        import uuid as uuidmod

        with self.db.write() as conn:
            uid = uuid or str(uuidmod.uuid5(uuidmod.NAMESPACE_URL, f"mock-portal-user:{key}"))
            conn.execute(
                "INSERT INTO user (key, uuid, display_name, title, avatar_small, profile_url, "
                "is_admin, crm_access) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (key, uid, display_name, title, AVATAR, "", int(is_admin), int(crm_access)),
            )
        self._load_reference()
        return self.users_by_key[key]

    def add_contact(
        self,
        display_name: str,
        *,
        is_company: bool = False,
        private: bool = False,
        access: Iterable[str] = (),
        share_type: int = 0,
        currency: str | None = None,
        id: int | None = None,
    ) -> int:
        with self.db.write() as conn:
            cur = conn.execute(
                "INSERT INTO contact (id, display_name, is_company, is_private, share_type, "
                "currency, small_foto_url, medium_foto_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    id,
                    display_name,
                    int(is_company),
                    int(private),
                    share_type,
                    currency,
                    *_foto_urls(is_company),
                ),
            )
            cid = cur.lastrowid
            assert cid is not None  # set by the INSERT above
            conn.executemany(
                "INSERT INTO contact_access (contact_id, user_id) VALUES (?, ?)",
                [(cid, self.users_by_key[k].id) for k in access],
            )
        with self._lock:
            self.version += 1  # the users' hidden contacts may change
        return int(cid)

    def add_deal(self, title: str, *, id: int | None = None) -> int:
        with self.db.write() as conn:
            did = conn.execute("INSERT INTO deal (id, title) VALUES (?, ?)", (id, title)).lastrowid
            assert did is not None  # set by the INSERT
            return int(did)

    def add_case(self, title: str, *, id: int | None = None) -> int:
        with self.db.write() as conn:
            case_id = conn.execute(
                "INSERT INTO crm_case (id, title) VALUES (?, ?)", (id, title)
            ).lastrowid
            assert case_id is not None  # set by the INSERT
            return int(case_id)

    def add_invoice(
        self,
        *,
        number: str,
        issue_date: Any = "2021-01-01",
        due_date: Any = None,
        status: int = 1,
        template_type: int = 0,
        contact: int | None = None,
        consignee: int | None = None,
        deal: int | None = None,
        cases: Iterable[int] = (),
        currency: str | None = "EUR",
        exchange_rate: float = 1.0,
        language: str = "en-US",
        purchase_order_number: str = "",
        terms: str = "Payment within 30 days",
        description: str = "",
        file_id: int = -1,
        create_on: Any = None,
        create_by: str = "admin",
        lines: Iterable[tuple[float, float, float]] = ((1, 100.0, 0),),
        id: int | None = None,
    ) -> int:
        """Add one invoice; `lines` are (quantity, price, discount %) and make up its cost."""
        issue = self._ticks(issue_date)
        due = (
            self._ticks(due_date)
            if due_date is not None
            else issue + 30 * 86_400 * TICKS_PER_SECOND
        )
        created = self._ticks(create_on) if create_on is not None else issue
        with self.db.write() as conn:
            name = None
            if contact is not None:
                found = conn.execute(
                    "SELECT display_name FROM contact WHERE id = ?", (contact,)
                ).fetchone()
                name = found[0] if found else None
            cur = conn.execute(
                "INSERT INTO invoice (id, status, number, issue_date, template_type, contact_id, "
                "contact_name, consignee_id, deal_id, due_date, language, currency, exchange_rate, "
                "purchase_order_number, terms, description, file_id, create_on, create_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    id,
                    status,
                    number,
                    issue,
                    template_type,
                    contact,
                    name,
                    consignee,
                    deal,
                    due,
                    language,
                    currency_key(currency) if currency else None,
                    exchange_rate,
                    purchase_order_number,
                    terms,
                    description,
                    file_id,
                    created,
                    self.users_by_key[create_by].id,
                ),
            )
            rowid = cur.lastrowid
            assert rowid is not None  # set by the INSERT above
            iid = int(rowid)
            conn.executemany(
                "INSERT INTO invoice_line (invoice_id, sort_order, description, quantity, price, "
                "discount) VALUES (?, ?, ?, ?, ?, ?)",
                [(iid, n, f"Line {n + 1}", q, p, d) for n, (q, p, d) in enumerate(lines)],
            )
            conn.executemany(
                "INSERT INTO invoice_case (case_id, invoice_id) VALUES (?, ?)",
                [(c, iid) for c in cases],
            )
            words = words_of(number, description)
            conn.executemany(
                "INSERT INTO invoice_word (word, invoice_id) VALUES (?, ?)",
                [(w, iid) for w in words],
            )
            if len(words) > self.max_words:
                self.max_words = len(words)
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('max_words', ?)",
                    (str(self.max_words),),
                )
        with self._lock:
            self.generation += 1
            self.version += 1
            self._rows.pop(iid, None)  # SQLite may reuse the id of a deleted last row
        return iid

    # --- inspection (tests, tools) ---------------------------------------------------------

    def invoice_ids(self) -> list[int]:
        with self.db.read() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM invoice ORDER BY id")]

    def count(self, table: str) -> int:
        if table not in {"invoice", "invoice_line", "invoice_case", "invoice_word", "contact"}:
            raise ValueError(table)
        with self.db.read() as conn:
            count: int = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            return count

    def digest(self) -> str:
        """A hash of every stored row, for comparing two data sets."""
        import hashlib

        h = hashlib.sha256()
        with self.db.read() as conn:
            for table, order in (
                ("currency", "abbreviation"),
                ("user", "id"),
                ("contact", "id"),
                ("contact_access", "contact_id, user_id"),
                ("deal", "id"),
                ("crm_case", "id"),
                ("invoice", "id"),
                ("invoice_line", "id"),
                ("invoice_case", "case_id, invoice_id"),
                ("invoice_word", "word, invoice_id"),
            ):
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                    h.update(repr((table, row)).encode())
        return h.hexdigest()

    def close(self) -> None:
        self.db.close()


def _finish(entries: list[tuple[dict[str, Any], int, int]], user: User) -> list[dict[str, Any]]:
    """The wrappers as `user` sees them: canDelete for the administrator or the creator,
    canEdit as well while the invoice is a draft."""
    out = []
    admin, uid = user.is_admin, user.id
    for body, status, create_by in entries:
        if admin or create_by == uid:
            body = body.copy()
            body["canEdit"] = status == 1
            body["canDelete"] = True
        out.append(body)
    return out


def _foto_urls(is_company: bool) -> tuple[str, str]:
    kind = "company" if is_company else "people"
    return (
        f"/skins/default/images/empty_{kind}_logo_40_40.png",
        f"/skins/default/images/empty_{kind}_logo_82_82.png",
    )


def _base_rows(conn: Any) -> None:
    conn.executemany("INSERT INTO currency VALUES (?, ?, ?, ?, ?, ?)", CURRENCIES)
    conn.executemany(
        "INSERT INTO user (key, uuid, display_name, title, avatar_small, profile_url, is_admin, "
        "crm_access) VALUES (?, ?, ?, ?, ?, '', ?, ?)",
        [(k, u, n, t, AVATAR, a, c) for k, u, n, t, a, c in BASE_USERS],
    )


def _build(conn: Any, invoices: int, seed: int, progress: Any) -> None:
    """A new portal: schema, base rows, the generated data set, then indexes."""
    from . import seed as seedmod

    dbmod.create_schema(conn)
    _base_rows(conn)
    max_words = seedmod.generate(conn, invoices, seed, progress) if invoices > 0 else 0
    if progress is not None and invoices > 0:
        progress("building indexes")
    dbmod.create_indexes(conn)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("schema", dbmod.SCHEMA_VERSION),
            ("seed", str(seed)),
            ("invoices", str(invoices)),
            ("max_words", str(max_words)),
        ],
    )


def _prepare_file(path: str, invoices: int, seed: int, progress: Any) -> None:
    """Generate a file database unless a complete one is already there. The data is written to
    a temporary file and renamed, so an interrupted generation never leaves a half data set."""
    import os
    import sqlite3

    if os.path.exists(path):
        try:
            conn = sqlite3.connect(path)
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
            finally:
                conn.close()
            if row is not None:
                return
        except sqlite3.DatabaseError:
            pass
        raise RuntimeError(f"{path} exists but is not a complete mock portal database")
    tmp = path + ".building"
    for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    conn = dbmod.connect(tmp, bulk=True)
    try:
        conn.execute("BEGIN")
        _build(conn, invoices, seed, progress)
        conn.execute("INSERT INTO meta (key, value) VALUES ('complete', '1')")
        conn.execute("COMMIT")
        if progress is not None and invoices > 0:
            progress("analysing")
        conn.execute("ANALYZE")  # statistics, so the planner picks the right index per filter
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    os.replace(tmp, path)
