"""Invoice wrappers: the JSON objects the portal answers, built from rows and kept in a cache.

A stored invoice never changes (it can only be deleted), so its wrapper stays right until the
invoice is deleted or its id is given to a new invoice; `forget` drops it then. What depends on
the reader (embedded contacts and deals they may not read are null; canEdit, canDelete) is
filled in per request by `seen_by`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .permissions import Rights, contact_rights, may_delete, may_edit_invoice
from .reference import Reference, User, foto_urls
from .wire import Clock

ROW_CACHE_SIZE = 25_000  # invoice wrappers kept; a few tens of MB

# An invoice's cost: each line's amount after its discount plus its taxes, rounded to cents
# per line, summed.
COST_SQL = (
    "(SELECT TOTAL(ROUND(l.quantity * l.price * (100 - l.discount) "
    "* (100 + COALESCE(t1.rate, 0) + COALESCE(t2.rate, 0)) / 10000.0, 2)) "
    "FROM invoice_line l LEFT JOIN tax t1 ON t1.id = l.tax1_id "
    "LEFT JOIN tax t2 ON t2.id = l.tax2_id WHERE l.invoice_id = i.id)"
)
# The columns `entries` reads.
INVOICE_SELECT = (
    "SELECT i.id, i.status, i.number, i.issue_date, i.template_type, i.contact_id, "
    "i.consignee_id, i.deal_id, i.due_date, i.language, i.currency, i.exchange_rate, "
    "i.purchase_order_number, i.terms, i.description, i.file_id, i.create_on, i.create_by, "
    f"{COST_SQL} FROM invoice i"
)


class Entry(NamedTuple):
    """A cached invoice: its wrapper as nobody in particular sees it (no embedded objects,
    canEdit and canDelete false) and what `seen_by` needs to finish it for a reader."""

    body: dict[str, Any]
    status: int
    create_by: int
    contact: int | None
    consignee: int | None
    deal: int | None


class ContactView(NamedTuple):
    rights: Rights
    read_only: dict[str, Any]  # canEdit false
    editable: dict[str, Any]  # canEdit true


class DealView(NamedTuple):
    rights: Rights
    body: dict[str, Any]


class Renderer:
    """Builds wrappers in the portal's time zone and currency, caching contacts, deals and
    invoices."""

    def __init__(self, reference: Reference, clock: Clock, default_currency: str) -> None:
        self.reference = reference
        self.clock = clock
        self.default_currency = default_currency
        self._lock = threading.Lock()
        self._contacts: dict[int, ContactView] = {}
        self._deals: dict[int, DealView] = {}
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
                    got[entry.body["id"]] = entry
                    cache[entry.body["id"]] = entry
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
        self._load_contacts(conn, [r[5] for r in rows] + [r[6] for r in rows])
        self._load_deals(conn, [r[7] for r in rows])
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
            body = {
                "status": statuses.get(status) or {"title": str(status), "id": status},
                "number": number,
                "issueDate": fmt(issue),
                "templateType": template,
                "contact": None,
                "consignee": None,
                "entity": None,
                "dueDate": fmt(due),
                "language": language,
                "currency": currencies.get(currency, default_currency)
                if currency
                else default_currency,
                "exchangeRate": round(rate, 2),
                "purchaseOrderNumber": po,
                "terms": terms,
                "description": description,
                "fileID": file_id,
                "createOn": fmt(create_on),
                "createBy": creators[create_by],
                "cost": round(cost, 2),
                "canEdit": False,
                "canDelete": False,
                "id": iid,  # last: the portal writes its base class's member after the rest
            }
            out.append(Entry(body, status, create_by, contact, consignee, deal))
        return out

    def seen_by(self, entries: list[Entry], user: User) -> list[dict[str, Any]]:
        """The wrappers as `user` sees them: contacts and deals they may not read are null,
        a contact's canEdit is theirs; canDelete for the administrator or the creator, canEdit
        as well while the invoice is a draft."""
        out = []
        for entry in entries:
            body = entry.body.copy()
            if entry.contact is not None:
                body["contact"] = self._contact_for(entry.contact, user)
            if entry.consignee is not None:
                body["consignee"] = self._contact_for(entry.consignee, user)
            if entry.deal is not None:
                view = self._deals.get(entry.deal)
                body["entity"] = view.body if view and view.rights.readable(user) else None
            if may_delete(user, entry.create_by):
                body["canEdit"] = may_edit_invoice(user, entry.create_by, entry.status)
                body["canDelete"] = True
            out.append(body)
        return out

    def _contact_for(self, contact_id: int, user: User) -> dict[str, Any] | None:
        view = self._contacts.get(contact_id)
        if view is None or not view.rights.readable(user):
            return None
        return view.editable if view.rights.editable(user) else view.read_only

    def _load_contacts(self, conn: sqlite3.Connection, ids: Iterable[int | None]) -> None:
        missing = [i for i in set(ids) if i is not None and i not in self._contacts]
        if not missing:
            return
        wanted = (json.dumps(missing),)
        rows = conn.execute(
            "SELECT id, display_name, is_company, share_type, currency FROM contact "
            "WHERE id IN (SELECT value FROM json_each(?))",
            wanted,
        ).fetchall()
        access = _access_lists(conn, "contact", wanted)
        users = self.reference.user_wrappers
        base_url = self.reference.base_url
        for cid, name, is_company, share_type, currency in rows:
            small, medium = foto_urls(base_url, cid, bool(is_company))
            members = access.get(cid, [])
            rights = contact_rights(share_type, frozenset(members))
            body: dict[str, Any] = {
                "id": cid,
                "smallFotoUrl": small,
                "mediumFotoUrl": medium,
                "displayName": name,
                "isCompany": bool(is_company),
            }
            if rights.private:  # the access list is sent only for a private contact
                body["accessList"] = [users[u] for u in members]
            body["isPrivate"] = rights.private
            body["isShared"] = not rights.private
            body["shareType"] = share_type
            body["currency"] = self.reference.currencies.get(currency) if currency else None
            body["canEdit"] = False
            body["canDelete"] = False  # always false in this wrapper
            self._contacts[cid] = ContactView(rights, body, {**body, "canEdit": True})

    def _load_deals(self, conn: sqlite3.Connection, ids: Iterable[int | None]) -> None:
        missing = [i for i in set(ids) if i is not None and i not in self._deals]
        if not missing:
            return
        wanted = (json.dumps(missing),)
        access = _access_lists(conn, "deal", wanted)
        for did, title, private in conn.execute(
            "SELECT id, title, is_private FROM deal WHERE id IN (SELECT value FROM json_each(?))",
            wanted,
        ):
            body = {"entityType": "opportunity", "entityId": did, "entityTitle": title}
            self._deals[did] = DealView(Rights(bool(private), frozenset(access.get(did, []))), body)


def _access_lists(conn: sqlite3.Connection, kind: str, wanted: tuple[str]) -> dict[int, list[int]]:
    """Access lists (user ids, ordered) of the contacts or deals in `wanted` (a JSON list)."""
    access: dict[int, list[int]] = {}
    for item, uid in conn.execute(
        f"SELECT {kind}_id, user_id FROM {kind}_access "
        f"WHERE {kind}_id IN (SELECT value FROM json_each(?)) ORDER BY {kind}_id, user_id",
        wanted,
    ):
        access.setdefault(item, []).append(uid)
    return access
