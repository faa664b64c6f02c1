"""Building a small data set by hand, for tests and examples:

portal = Portal()                      # in memory, users and currencies only
acme = portal.add_contact("Acme Ltd", is_company=True, private=True, access=["user"])
deal = portal.add_deal("Renewal", private=True, access=["user"])
portal.add_invoice(number="INV-1", issue_date="2021-03-01", contact=acme, deal=deal,
                   create_by="user", lines=[(2, 50.0, 0, 1, None)])  # tax 1 (VAT 20 %)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .db import INSERT_INVOICE, Database, InvoiceRow
from .permissions import SHARE_NONE, SHARE_READ, SHARE_TYPES
from .reference import Reference, currency_key, words_of
from .wire import TICKS_PER_DAY, Clock, ticks_from_datetime

# A date for add_invoice: ticks, an aware datetime, a naive one (portal zone) or ISO text
# ("2021-03-01" is local midnight).
DateLike = int | str | dt.date | dt.datetime
# An invoice line: (quantity, price, discount %) or with two tax ids (None for no tax).
Line = tuple[float, float, float] | tuple[float, float, float, int | None, int | None]


class InvalidData(ValueError):
    """A combination no real portal can hold."""


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
        share_type: int | None = None,
        currency: str | None = None,
        id: int | None = None,
    ) -> int:
        """A contact: `private` (share type None) with an `access` list of user keys, or
        shared with `share_type` ReadWrite (1) or Read (2, the default)."""
        share = SHARE_NONE if private else (SHARE_READ if share_type is None else share_type)
        members = list(access)
        if share not in SHARE_TYPES or (private and share_type not in (None, SHARE_NONE)):
            raise InvalidData(f"a contact's share type is 0, 1 or 2 (private is 0): {share_type}")
        if members and share != SHARE_NONE:
            raise InvalidData("only a private contact has an access list")
        users = self.reference.users_by_key
        with self.db.write() as conn:
            cur = conn.execute(
                "INSERT INTO contact (id, display_name, is_company, share_type, currency) "
                "VALUES (?, ?, ?, ?, ?)",
                (id, display_name, int(is_company), share, currency),
            )
            cid = cur.lastrowid
            assert cid is not None  # set by the INSERT above
            conn.executemany(
                "INSERT INTO contact_access (contact_id, user_id) VALUES (?, ?)",
                [(cid, users[k].id) for k in members],
            )
        self._inserted(None)  # the users' hidden contacts may change
        return int(cid)

    def add_deal(
        self,
        title: str,
        *,
        private: bool = False,
        access: Iterable[str] = (),
        id: int | None = None,
    ) -> int:
        """A deal, open to every user or `private` to the `access` list (user keys)."""
        members = list(access)
        if members and not private:
            raise InvalidData("only a private deal has an access list")
        users = self.reference.users_by_key
        with self.db.write() as conn:
            did = conn.execute(
                "INSERT INTO deal (id, title, is_private) VALUES (?, ?, ?)",
                (id, title, int(private)),
            ).lastrowid
            assert did is not None  # set by the INSERT
            conn.executemany(
                "INSERT INTO deal_access (deal_id, user_id) VALUES (?, ?)",
                [(did, users[k].id) for k in members],
            )
            return int(did)

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
        currency: str | None = "EUR",
        exchange_rate: float = 1.0,
        language: str = "en-US",
        purchase_order_number: str = "",
        terms: str = "Payment within 30 days",
        description: str = "",
        file_id: int = -1,
        create_on: DateLike | None = None,
        create_by: str = "admin",
        lines: Iterable[Line] = ((1, 100.0, 0),),
        id: int | None = None,
    ) -> int:
        """Add one invoice; `lines` (quantity, price, discount %[, tax id, tax id]) make up
        its cost. The exchange rate is kept to two decimals, as the portal stores it."""
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
                exchange_rate=round(exchange_rate, 2),
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
                "discount, tax1_id, tax2_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (iid, n, f"Line {n + 1}", *line[:3], *(tuple(line[3:]) or (None, None)))
                    for n, line in enumerate(lines)
                ],
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
