"""filterValue sorted by number, answered in memory.

The query would walk the number index and probe every row against the word list, then read the
list again to count. Instead: the ids matching every keyword from the word list, put in number
order through an in-memory rank of every invoice. Answers are the query's, to the id.
"""

from __future__ import annotations

import heapq
import sqlite3
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import orjson

from .params import ListParams
from .permissions import HIDDEN_CONTACTS
from .queries import WORD_END
from .reference import User

# one JSON text for orjson: three times faster than a row per id through the sqlite3 module
_WORD_IDS = "SELECT json_group_array(invoice_id) FROM invoice_word WHERE word >= ? AND word < ?"
_MAX_ARRAY_ID = 2**31 - 1  # array('i') holds the ids and ranks


class NumberOrder:
    """Every invoice's place in number order, from one snapshot.

    `rank[id]` is the invoice's position when sorted by number, -1 for an id with no invoice;
    `by_rank[position]` is the id back. Deletes never invalidate it (a deleted id simply no
    longer matches); an added invoice does (its id may be one freed by a delete, with another
    number), and so does an added contact (the users' hidden contacts). Two 4-byte arrays: about
    8 MB at 1,000,000 invoices, plus the contact per id (4 MB more) once a regular user searches."""

    def __init__(self, inserts: int, ids: list[int]) -> None:
        self.inserts = inserts  # NumberSearch.inserts when the snapshot began
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
class SearchPage:
    ids: list[int]  # the page plus one more id when more follow
    matched: int  # every match, ignoring contact visibility (as the portal's count does)


class NumberSearch:
    """The in-memory answer to a search sorted by number, with no other condition.

    `enabled=False` leaves every search to the query (to compare the two). `answered` counts
    the searches answered here; `inserts` counts committed inserts of invoices and contacts and
    guards the number order."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.answered = 0
        self.inserts = 0
        self._order: NumberOrder | None = None
        self._lock = threading.Lock()

    def rows_inserted(self) -> None:
        """Call after the commit of an inserted invoice or contact."""
        with self._lock:
            self.inserts += 1

    def page(
        self,
        conn: sqlite3.Connection,
        inserts: int,
        user: User,
        keywords: list[str],
        page: ListParams,
    ) -> SearchPage | None:
        """The page for `keywords` in number order, or None to take the query instead.
        `inserts` is the value read before `conn`'s snapshot began."""
        if not self.enabled or not keywords:
            return None
        order = self._number_order(conn, inserts)
        if order is None:
            return None
        matched: set[int] | None = None
        for word in keywords:
            (text,) = conn.execute(_WORD_IDS, (word, word + WORD_END)).fetchone()
            found = set(orjson.loads(text))  # an invoice may have several words it starts
            matched = found if matched is None else matched & found
            if not matched:
                break
        if matched is None:
            return None
        candidates: Iterable[int] = matched
        if not user.is_admin:
            visible = self._visible(conn, order, user, matched)
            if visible is None:
                return None
            candidates = visible
        positions = order.positions(candidates)
        if positions is None:
            return None
        end = page.offset + page.count + 1
        if end * 4 < len(positions):  # a page near the start: no need to sort them all
            best = heapq.nlargest if page.descending else heapq.nsmallest
            positions = best(end, positions)
        else:
            positions.sort(reverse=page.descending)
        by_rank = order.by_rank
        self.answered += 1
        return SearchPage([by_rank[p] for p in positions[page.offset : end]], len(matched))

    def _visible(
        self, conn: sqlite3.Connection, order: NumberOrder, user: User, matched: set[int]
    ) -> list[int] | set[int] | None:
        hidden = order.hidden.get(user.id)
        if hidden is None:
            hidden = frozenset(r[0] for r in conn.execute(HIDDEN_CONTACTS, (user.id,)))
            order.hidden[user.id] = hidden
        if 0 in hidden:
            return None  # 0 stands for "no contact" in the array
        if not hidden:
            return matched
        contact = self._contacts_of(conn, order)
        try:
            return [i for i in matched if contact[i] not in hidden]
        except IndexError:
            return None

    def _number_order(self, conn: sqlite3.Connection, inserts: int) -> NumberOrder | None:
        """The number order for this reader, built in its snapshot if the last one predates
        an insert; None when the ids do not fit a dense array (hand-built, far apart)."""
        order = self._order
        if order is not None and order.inserts == inserts:
            return order
        ids = [r[0] for r in conn.execute("SELECT id FROM invoice ORDER BY number")]
        if ids and (min(ids) < 0 or max(ids) > min(_MAX_ARRAY_ID, 4 * len(ids) + 1024)):
            return None
        order = NumberOrder(inserts, ids)
        with self._lock:
            # `inserts` was read before this snapshot began, so the snapshot holds every
            # insert up to it (maybe more: harmless, positions() rejects what it lacks)
            if self.inserts == inserts:
                self._order = order
        return order

    @staticmethod
    def _contacts_of(conn: sqlite3.Connection, order: NumberOrder) -> array[int]:
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
