"""Building a small data set by hand, for tests and examples:

portal = Portal()                      # in memory, users and currencies only
acme = portal.add_contact("Acme Ltd", is_company=True, private=True, access=["user"])
portal.add_invoice(number="INV-1", issue_date="2021-03-01", contact=acme, create_by="user")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .db import INSERT_INVOICE, Database, InvoiceRow
from .reference import Reference, currency_key, foto_urls, words_of
from .wire import TICKS_PER_DAY, Clock, ticks_from_datetime

# A date for add_invoice: ticks, an aware datetime, a naive one (portal zone) or ISO text
# ("2021-03-01" is local midnight).
DateLike = int | str | dt.date | dt.datetime


class HandBuiltData:
    """The `add_*` methods of a Portal. After each commit `_inserted` is called, with the new
    invoice's id or None for a contact, so the portal can drop what its caches hold."""

    def __init__(self, db: Database, reference: Reference, clock: Clock, max_words: int) -> None:
        self.db = db
        self.reference = reference
        self.clock = clock
        self.max_words = max_words  # the most distinct words in one invoice

    def _inserted(self, invoice_id: int | None) -> None:
        """Called after the commit of an inserted invoice (its id) or contact (None)."""

    def ticks(self, value: DateLike) -> int:
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                return ticks_from_datetime(value)
            return self.clock.local_to_ticks(value) + value.microsecond * 10
        return self.clock.local_to_ticks(dt.datetime(value.year, value.month, value.day))

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
        users = self.reference.users_by_key
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
                    *foto_urls(is_company),
                ),
            )
            cid = cur.lastrowid
            assert cid is not None  # set by the INSERT above
            conn.executemany(
                "INSERT INTO contact_access (contact_id, user_id) VALUES (?, ?)",
                [(cid, users[k].id) for k in access],
            )
        self._inserted(None)  # the users' hidden contacts may change
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
        issue_date: DateLike = "2021-01-01",
        due_date: DateLike | None = None,
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
        create_on: DateLike | None = None,
        create_by: str = "admin",
        lines: Iterable[tuple[float, float, float]] = ((1, 100.0, 0),),
        id: int | None = None,
    ) -> int:
        """Add one invoice; `lines` are (quantity, price, discount %) and make up its cost."""
        issue = self.ticks(issue_date)
        due = self.ticks(due_date) if due_date is not None else issue + 30 * TICKS_PER_DAY
        created = self.ticks(create_on) if create_on is not None else issue
        with self.db.write() as conn:
            name = None
            if contact is not None:
                found = conn.execute(
                    "SELECT display_name FROM contact WHERE id = ?", (contact,)
                ).fetchone()
                name = found[0] if found else None
            row = InvoiceRow(
                id=id,
                status=status,
                number=number,
                issue_date=issue,
                template_type=template_type,
                contact_id=contact,
                contact_name=name,
                consignee_id=consignee,
                deal_id=deal,
                due_date=due,
                language=language,
                currency=currency_key(currency) if currency else None,
                exchange_rate=exchange_rate,
                purchase_order_number=purchase_order_number,
                terms=terms,
                description=description,
                file_id=file_id,
                create_on=created,
                create_by=self.reference.users_by_key[create_by].id,
            )
            rowid = conn.execute(INSERT_INVOICE, row).lastrowid
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
        self._inserted(iid)
        return iid
