"""A portal: its database, time zone and caches behind the two operations.

    portal = Portal()                          # in memory: users and currencies only
    portal = Portal("p.sqlite", invoices=2000) # a generated data set, reused when present
    app = create_app(portal=portal)

Reads run in one snapshot per request. Each cache says what invalidates it: the count cache any
insert or delete of an invoice, the number order any insert, a rendered invoice its deletion or
the reuse of its id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from . import db as dbmod
from .build import Progress, build, prepare_file, stored_settings
from .handbuilt import HandBuiltData
from .params import InvoiceFilter, ListParams
from .queries import COMMON_WORD, CountCache, FilterSql, page_ids, property_sorted_ids
from .reference import (
    DEFAULT_BASE_URL,
    DEFAULT_CURRENCY,
    DEFAULT_TIMEZONE,
    Reference,
    User,
    is_pattern,
    search_keywords,
    words_of,
)
from .render import INVOICE_SELECT, Renderer
from .search import NumberSearch
from .wire import Clock

_TABLES = {"invoice", "invoice_line", "invoice_word", "contact", "deal"}


class Portal(HandBuiltData):
    """The mock portal's data and its two operations.

    `common_word` and `number_search` choose between query plans that answer the same; tests
    set them to compare the plans."""

    def __init__(
        self,
        db: str = ":memory:",
        *,
        timezone: str = DEFAULT_TIMEZONE,
        invoices: int = 0,
        seed: int = 1,
        default_currency: str = DEFAULT_CURRENCY,
        base_url: str = DEFAULT_BASE_URL,
        progress: Progress | None = None,
        common_word: int = COMMON_WORD,
        number_search: bool = True,
    ) -> None:
        if db != ":memory:":
            prepare_file(db, invoices, seed, progress)
        database = dbmod.Database(db)
        if db == ":memory:":
            with database.write() as conn:
                build(conn, invoices, seed, progress)
        with database.read() as conn:
            settings = stored_settings(conn, seed)
            reference = Reference(conn, base_url.rstrip("/"))
        clock = Clock(timezone)
        super().__init__(database, reference, clock, settings.max_words)
        self.seed = settings.seed
        self.users_by_key = reference.users_by_key
        self.filters = FilterSql(common_word)
        self.counts = CountCache()
        self.number_search = NumberSearch(enabled=number_search)
        self.renderer = Renderer(reference, clock, default_currency)

    def user(self, key: str) -> User:
        return self.users_by_key[key]

    def _inserted(self, invoice_id: int | None) -> None:
        self.number_search.rows_inserted()
        if invoice_id is not None:
            self.counts.invoices_changed()
            self.renderer.forget([invoice_id])  # SQLite may reuse the id of a deleted last row

    # --- the two operations ----------------------------------------------------------------

    def list_invoices(
        self, user: User, flt: InvoiceFilter, page: ListParams
    ) -> tuple[list[dict[str, Any]], int, int | None]:
        """GET invoice/filter: (items, total, nextIndex)."""
        if page.sort_property is not None:
            return self._property_sorted(user, flt, page)
        start = page.query_start  # cast to int by the query: may wrap below zero
        fetch = page.count + 1  # one more than asked, to know whether more rows exist
        # read before the snapshot begins: a cache entry is then never newer than its guard
        changes, inserts = self.counts.changes, self.number_search.inserts
        with self.db.read() as conn:
            # a short page gives the total; otherwise the portal counts, ignoring contact
            # visibility (it only excludes invoice-level private items, which never exist)
            fast = None
            if flt.search and page.sort_by == "number":
                keywords = search_keywords(flt.search)
                others = self.filters.where(conn, replace(flt, search=None), self.max_words)
                plain = not any(is_pattern(w) for w in keywords)  # the word list has no LIKE
                if plain and not others.conditions and len(keywords) <= self.max_words:
                    fast = self.number_search.page(conn, inserts, user, keywords, page)
            if fast is not None:
                rows = fast.ids
                total = fast.matched if len(rows) >= fetch else start + len(rows)
            else:
                where = self.filters.where(conn, flt, self.max_words)
                rows = page_ids(conn, user, where, page)
                full = len(rows) >= fetch
                total = self.counts.count(conn, where, changes) if full else start + len(rows)
            items = rows[: page.count] if page.count > 0 else rows
            next_index = None
            if page.count > 0 and len(items) == page.count and len(rows) > page.count:
                next_index = page.start_index + page.count + 1
            rendered = self.renderer.seen_by(self.renderer.cached(conn, items), user)
        return rendered, total, next_index

    def _property_sorted(
        self, user: User, flt: InvoiceFilter, page: ListParams
    ) -> tuple[list[dict[str, Any]], int, int | None]:
        """An unknown sortBy: the generic list code sorts every match (see queries)."""
        with self.db.read() as conn:
            where = self.filters.where(conn, flt, self.max_words)
            rows, matched, hidden = property_sorted_ids(conn, user, where, page)
            rendered = self.renderer.seen_by(self.renderer.cached(conn, rows), user)
        if hidden:  # InvoiceDao's loop for ordinary users ends with Take(0)
            return [], page.start_index, None
        fits = matched <= page.count
        total = page.start_index + matched if fits else matched
        # nextIndex: a full page, and more matches past the startIndex sent than `count`
        full = len(rendered) == page.count and matched - page.start_index > page.count
        next_index = page.start_index + page.count + 1 if full else None
        return rendered, total, next_index

    def delete_invoices(self, user: User, ids: Sequence[int]) -> list[dict[str, Any]]:
        """DELETE invoice: delete what the user may delete (the administrator anything, anyone
        else what they created, whatever its contact), in one transaction; answer the deleted
        invoices as read after their lines were removed (so cost is 0)."""
        sql = (
            "SELECT i.id, i.number, i.description FROM invoice i "
            "WHERE i.id IN (SELECT value FROM json_each(?))"
        )
        params: list[int | str] = [json.dumps(sorted(set(ids)))]
        if not user.is_admin:
            sql += " AND i.create_by = ?"
            params.append(user.id)
        with self.db.write() as conn:
            targets = conn.execute(sql + " ORDER BY i.id", params).fetchall()
            if not targets:
                return []
            chosen = (json.dumps([t[0] for t in targets]),)
            in_chosen = "IN (SELECT value FROM json_each(?))"
            conn.execute(f"DELETE FROM invoice_line WHERE invoice_id {in_chosen}", chosen)
            rows = conn.execute(f"{INVOICE_SELECT} WHERE i.id {in_chosen} ORDER BY i.id", chosen)
            entries = self.renderer.entries(conn, rows.fetchall())
            conn.executemany(
                "DELETE FROM invoice_word WHERE word = ? AND invoice_id = ?",
                [(w, iid) for iid, number, text in targets for w in words_of(number, text)],
            )
            conn.execute(f"DELETE FROM invoice WHERE id {in_chosen}", chosen)
        self.counts.invoices_changed()
        self.renderer.forget(t[0] for t in targets)
        return self.renderer.seen_by(entries, user)

    # --- inspection (tests, tools) ---------------------------------------------------------

    def invoice_ids(self) -> list[int]:
        with self.db.read() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM invoice ORDER BY id")]

    def count(self, table: str) -> int:
        if table not in _TABLES:
            raise ValueError(table)
        with self.db.read() as conn:
            count: int = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            return count

    def digest(self) -> str:
        """A hash of every stored row, for comparing two data sets."""
        h = hashlib.sha256()
        with self.db.read() as conn:
            for table, order in (
                ("currency", "abbreviation"),
                ("user", "id"),
                ("contact", "id"),
                ("contact_access", "contact_id, user_id"),
                ("deal", "id"),
                ("deal_access", "deal_id, user_id"),
                ("tax", "id"),
                ("invoice", "id"),
                ("invoice_line", "id"),
                ("invoice_word", "word, invoice_id"),
            ):
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                    h.update(repr((table, row)).encode())
        return h.hexdigest()

    def close(self) -> None:
        self.db.close()
