"""Invoice wrappers: the JSON objects the portal answers, built from rows and kept in a cache.

A stored invoice never changes (it can only be deleted), so its wrapper stays right until the
invoice is deleted or its id is given to a new invoice; `forget` drops it then.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from .reference import Reference, User
from .wire import Clock

ROW_CACHE_SIZE = 25_000  # invoice wrappers kept; a few tens of MB

# The columns `wrappers` reads, with the cost summed over the invoice's lines.
INVOICE_SELECT = (
    "SELECT i.id, i.status, i.number, i.issue_date, i.template_type, i.contact_id, "
    "i.consignee_id, i.deal_id, i.due_date, i.language, i.currency, i.exchange_rate, "
    "i.purchase_order_number, i.terms, i.description, i.file_id, i.create_on, i.create_by, "
    "(SELECT TOTAL(l.quantity * l.price * (100 - l.discount)) FROM invoice_line l "
    "WHERE l.invoice_id = i.id) / 100.0 FROM invoice i"
)

# (wrapper with canEdit and canDelete false, status, creator's user id)
Entry = tuple[dict[str, Any], int, int]


class Renderer:
    """Builds wrappers in the portal's time zone and currency, caching contacts, deals and
    invoices."""

    def __init__(self, reference: Reference, clock: Clock, default_currency: str) -> None:
        self.reference = reference
        self.clock = clock
        self.default_currency = default_currency
        self._lock = threading.Lock()
        self._contacts: dict[int, dict[str, Any]] = {}
        self._deals: dict[int, dict[str, Any]] = {}
        self._rows: dict[int, Entry] = {}

    def forget(self, ids: Iterable[int]) -> None:
        """Drop the wrappers of deleted invoices and of ids a new invoice takes."""
        with self._lock:
            for iid in ids:
                self._rows.pop(iid, None)

    def cached(self, conn: sqlite3.Connection, ids: list[int]) -> list[Entry]:
        """Entries of the given invoices, read in `conn`'s snapshot where not cached."""
        cache = self._rows
        got = {i: cache.get(i) for i in ids}
        missing = [i for i, entry in got.items() if entry is None]
        if missing:
            rows = conn.execute(
                f"{INVOICE_SELECT} WHERE i.id IN (SELECT value FROM json_each(?))",
                (json.dumps(missing),),
            ).fetchall()
            fresh = self.entries(conn, rows)
            with self._lock:
                for entry in fresh:
                    got[entry[0]["id"]] = entry
                    cache[entry[0]["id"]] = entry
                while len(cache) > ROW_CACHE_SIZE:
                    cache.pop(next(iter(cache)))  # oldest first
        result: list[Entry] = []
        for i in ids:
            found = got[i]
            # every id was read in this same transaction, so its row was fetched above
            assert found is not None
            result.append(found)
        return result

    def entries(self, conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> list[Entry]:
        """An entry per row of INVOICE_SELECT."""
        if not rows:
            return []
        contacts = self._contact_wrappers(conn, [r[5] for r in rows] + [r[6] for r in rows])
        deals = self._deal_wrappers(conn, [r[7] for r in rows])
        fmt = self.clock.format
        currencies = self.reference.currencies
        default_currency = currencies.get(self.default_currency)
        statuses = self.reference.statuses
        creators = self.reference.user_wrappers
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

    def _contact_wrappers(
        self, conn: sqlite3.Connection, ids: Iterable[int | None]
    ) -> dict[int, dict[str, Any]]:
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
            users = self.reference.user_wrappers
            for row in rows:
                body: dict[str, Any] = {
                    "id": row[0],
                    "smallFotoUrl": row[6],
                    "mediumFotoUrl": row[7],
                    "displayName": row[1],
                    "isCompany": bool(row[2]),
                }
                if row[3]:  # the access list is present only on private contacts
                    body["accessList"] = [users[u] for u in access.get(row[0], [])]
                body["isPrivate"] = bool(row[3])
                body["isShared"] = row[4] != 0
                body["shareType"] = row[4]
                body["currency"] = self.reference.currencies.get(row[5]) if row[5] else None
                body["canEdit"] = False
                body["canDelete"] = False
                self._contacts[row[0]] = body
        return self._contacts

    def _deal_wrappers(
        self, conn: sqlite3.Connection, ids: Iterable[int | None]
    ) -> dict[int, dict[str, Any]]:
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


def as_seen_by(entries: list[Entry], user: User) -> list[dict[str, Any]]:
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
