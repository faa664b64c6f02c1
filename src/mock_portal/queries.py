"""The SQL of the list operation: WHERE and ORDER BY for a filter, a page of ids, the count."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass

from .params import InvoiceFilter, ListParams
from .permissions import VISIBLE
from .reference import User, currency_key, is_pattern, search_keywords
from .render import COST_SQL

SORTS = {
    "number": "i.number {d}",
    "issueDate": "i.issue_date {d}, i.id {d}",
    "dueDate": "i.due_date {d}, i.id {d}",
    "status": "i.status {d}, i.id {d}",
    "id": "i.id {d}",
    # no contact last in both directions; the direction applies to the name only
    "contact": "i.contact_name IS NULL, i.contact_name {d}, i.number",
}


WORD_END = "\U0010ffff"  # word >= w AND word < w + WORD_END: the words starting with w
COMMON_WORD = 3000  # word-start matches from which a lone keyword counts as common
_WORD_ESTIMATE = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM invoice_word WHERE word >= ? AND word < ? LIMIT ?)"
)

Param = int | str


@dataclass(frozen=True)
class Where:
    """A filter as SQL: its conditions on `invoice i`, their parameters, and whether the request
    gave any filter argument at all (given but none usable answers an empty list)."""

    conditions: tuple[str, ...]
    params: tuple[Param, ...]
    has_arguments: bool


def has_arguments(flt: InvoiceFilter) -> bool:
    return bool(
        flt.search
        or flt.status is not None
        or flt.issue_from is not None
        or flt.issue_to is not None
        or flt.due_from is not None
        or flt.due_to is not None
        or flt.entity_id != 0
        or flt.currency
    )


class FilterSql:
    """Turns filters into WHERE clauses.

    `common_word`: from this many word-start matches a lone keyword is common and the query
    walks the sort order instead of the word list (both plans give the same answers)."""

    def __init__(self, common_word: int = COMMON_WORD) -> None:
        self.common_word = common_word

    def where(self, conn: sqlite3.Connection, flt: InvoiceFilter, max_words: int) -> Where:
        conds: list[str] = []
        params: list[Param] = []
        if flt.entity_id > 0 and flt.entity_type:
            if flt.entity_type == "case":
                conds.append("0")  # every invoice is stored linked to a deal, never to a case
            else:
                column = "i.contact_id" if flt.entity_type == "contact" else "i.deal_id"
                conds.append(f"{column} = ?")
                params.append(flt.entity_id)
        if flt.status is not None:
            conds.append("i.status = ?")
            params.append(flt.status)
        if flt.search:
            self._search(conn, flt.search, max_words, conds, params)
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
        return Where(tuple(conds), tuple(params), has_arguments(flt))

    def _search(
        self,
        conn: sqlite3.Connection,
        search: str,
        max_words: int,
        conds: list[str],
        params: list[Param],
    ) -> None:
        keywords = search_keywords(search)
        patterns = [w for w in keywords if is_pattern(w)]
        keywords = [w for w in keywords if not is_pattern(w)]
        if len(keywords) > max_words:
            conds.append("0")  # no invoice has that many distinct words
            return
        for pattern in patterns:
            # AbstractDao.BuildLike: `word%` at the start of the column or `% word%` after a
            # space, on the number or the description; the wildcards act as they are
            conds.append(
                "(unicode_lower(i.number) LIKE ? OR unicode_lower(i.number) LIKE ?"
                " OR unicode_lower(i.description) LIKE ? OR unicode_lower(i.description) LIKE ?)"
            )
            params += [f"{pattern}%", f"% {pattern}%"] * 2
        ranges = [(word, word + WORD_END) for word in keywords]
        # One common word: "+i.id" stops SQLite from driving the query by the word list (then
        # sorting thousands of rows) and lets it walk the sort index instead. Several words
        # usually intersect to few rows, where the word lists are best.
        common = (
            len(ranges) == 1
            and conn.execute(_WORD_ESTIMATE, (*ranges[0], self.common_word)).fetchone()[0]
            >= self.common_word
        )
        column = "+i.id" if common else "i.id"
        for low, high in ranges:
            conds.append(
                f"{column} IN (SELECT invoice_id FROM invoice_word WHERE word >= ? AND word < ?)"
            )
            params += [low, high]


def page_ids(conn: sqlite3.Connection, user: User, where: Where, page: ListParams) -> list[int]:
    """The ids of a page plus one more (to know whether more follow), by query."""
    if where.has_arguments and not where.conditions:
        return []  # arguments given but none usable: the portal answers an empty list
    conds = list(where.conditions)
    params = list(where.params)
    if not user.is_admin:
        conds.append(VISIBLE)
        params.append(user.id)
    order = SORTS[page.sort_by].format(d="DESC" if page.descending else "ASC")
    sql = "SELECT i.id FROM invoice i"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
    return [r[0] for r in conn.execute(sql, [*params, page.count + 1, page.offset])]


# Invoice properties an unknown sortBy may name (lower-cased), as SQL over `invoice i`. Known
# sort keys never get here; objects (status, contact, currency, ...) are no plain value and
# keep number order. canEdit and canDelete depend on the reader: see property_order().
PROPERTY_SORTS = {
    "templatetype": "i.template_type",
    "language": "i.language",
    "exchangerate": "i.exchange_rate",
    "purchaseordernumber": "i.purchase_order_number",
    "terms": "i.terms",
    "description": "i.description",
    "fileid": "i.file_id",
    "createon": "i.create_on",
    "cost": COST_SQL,
}


def property_order(user: User, name: str) -> tuple[str, list[Param]] | None:
    """The SQL sort key of an invoice property named by an unknown sortBy, or None when the
    name is no plain-valued property (the order stays by number)."""
    if name in PROPERTY_SORTS:
        return PROPERTY_SORTS[name], []
    if name in ("candelete", "canedit"):
        if user.is_admin:
            return ("i.status = 1", []) if name == "canedit" else None
        own = "i.create_by = ?" + (" AND i.status = 1" if name == "canedit" else "")
        return f"({own})", [user.id]
    return None


def property_sorted_ids(
    conn: sqlite3.Connection, user: User, where: Where, page: ListParams
) -> tuple[list[int], int, bool]:
    """An unknown sortBy: every match in number order, sorted (stably) by the named property,
    ignoring startIndex; (the first `count` ids, or all of them for count 0, the match count,
    and whether some match is hidden from the user: InvoiceDao then takes none at all)."""
    if where.has_arguments and not where.conditions:
        return [], 0, False
    conds = list(where.conditions)
    params: list[Param] = list(where.params)
    clause = (" WHERE " + " AND ".join(conds)) if conds else ""
    matched: int = conn.execute(f"SELECT COUNT(*) FROM invoice i{clause}", params).fetchone()[0]
    if not user.is_admin:
        conds.append(VISIBLE)
        params.append(user.id)
        clause = " WHERE " + " AND ".join(conds)
        visible: int = conn.execute(f"SELECT COUNT(*) FROM invoice i{clause}", params).fetchone()[0]
        if visible < matched:
            return [], matched, True
    key = property_order(user, page.sort_property or "")
    order = "i.number"
    if key is not None:
        order = f"{key[0]} {'DESC' if page.descending else 'ASC'}, i.number"
        params = [*params, *key[1]]
    sql = f"SELECT i.id FROM invoice i{clause} ORDER BY {order}"
    if page.count > 0:  # SmartList takes nothing off when its take count is 0
        sql += f" LIMIT {int(page.count)}"
    return [r[0] for r in conn.execute(sql, params)], matched, False


class CountCache:
    """COUNT(*) per WHERE clause, all dropped by any change to the invoices.

    `changes` counts committed inserts and deletes of invoices; a count is kept with the value
    `changes` had before the snapshot it was read in began, and used only while that holds."""

    LIMIT = 10_000  # distinct filters kept before starting over

    def __init__(self) -> None:
        self.changes = 0
        self._lock = threading.Lock()
        self._counts: dict[tuple[tuple[str, ...], tuple[Param, ...]], tuple[int, int]] = {}

    def invoices_changed(self) -> None:
        """Call after the commit of an insert or delete."""
        with self._lock:
            self.changes += 1

    def count(self, conn: sqlite3.Connection, where: Where, changes: int) -> int:
        """The number of invoices matching `where` (ignoring visibility, as the portal's count
        does); `changes` is the value read before `conn`'s snapshot began."""
        key = (where.conditions, where.params)
        hit = self._counts.get(key)
        if hit is not None and hit[0] == changes:
            return hit[1]
        sql = "SELECT COUNT(*) FROM invoice i"
        if where.conditions:
            sql += " WHERE " + " AND ".join(where.conditions)
        count: int = conn.execute(sql, where.params).fetchone()[0]
        with self._lock:
            if len(self._counts) > self.LIMIT:
                self._counts.clear()
            self._counts[key] = (changes, count)
        return count
