"""A deterministic data set: the same seed gives the same rows on any machine.

Only `random.Random(seed)` and fixed dates are used (no clock, no hash ordering). Every status,
both template types, all currencies, invoices with and without contact, consignee and deal,
created by the administrator, the regular user and other employees; contacts of every share type
(private ones with access lists the regular user is and is not on), private and open deals, and
lines with and without taxes. The first invoices are set up so that even a small data set holds
every combination the permission model tells apart (see `_COMBINATIONS`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

from .db import INSERT_INVOICE, INSERT_LINE, InvoiceRow
from .reference import AVATAR, CURRENCIES, INSERT_USER, TAXES, words_of
from .wire import TICKS_PER_DAY, TICKS_PER_SECOND, ticks_from_datetime

# 2019-01-01T21:00:00Z is midnight at +03:00; issue dates fall on such instants over six years.
BASE_TICKS = ticks_from_datetime(dt.datetime(2019, 1, 1, 21, 0, tzinfo=dt.UTC))
SPAN_DAYS = 6 * 365
CHUNK = 50_000

WORDS = [
    "annual",
    "support",
    "renewal",
    "license",
    "licence",
    "server",
    "servers",
    "service",
    "services",
    "consulting",
    "hardware",
    "software",
    "cloud",
    "storage",
    "backup",
    "migration",
    "training",
    "workshop",
    "onboarding",
    "audit",
    "security",
    "network",
    "office",
    "furniture",
    "printer",
    "paper",
    "delivery",
    "shipping",
    "freight",
    "install",
    "installation",
    "maintenance",
    "repair",
    "upgrade",
    "subscription",
    "hosting",
    "domain",
    "design",
    "branding",
    "marketing",
    "campaign",
    "research",
    "analysis",
    "report",
    "development",
    "integration",
    "mobile",
    "desktop",
    "monthly",
    "quarterly",
    "yearly",
    "retainer",
    "project",
    "phase",
    "milestone",
    "deposit",
    "balance",
    "final",
    "catering",
    "travel",
    "conference",
    "booth",
    "banner",
    "translation",
    "legal",
    "review",
    "tax",
    "advisory",
    "payroll",
    "recruitment",
    "cleaning",
    "security-guard",
    "parking",
    "rent",
    "utilities",
    "electricity",
    "water",
    "internet",
    "telephony",
    "headsets",
    "laptops",
    "monitors",
    "keyboards",
    "cables",
    "racks",
    "switches",
    "routers",
    "firewall",
    "supply",
    "supplies",
    "spare",
    "parts",
    "express",
    "urgent",
    "standard",
    "premium",
    "basic",
    "extended",
    "warranty",
    "évaluation",
    "überprüfung",
    "поставка",
    "оборудования",
]

FIRST = [
    "Anna",
    "Boris",
    "Carla",
    "Dmitri",
    "Elena",
    "Felix",
    "Greta",
    "Hugo",
    "Irina",
    "Jonas",
    "Kira",
    "Liam",
    "Maria",
    "Nils",
    "Olga",
    "Pavel",
    "Rosa",
    "Sven",
    "Tanya",
    "Viktor",
]
LAST = [
    "Ivanova",
    "Becker",
    "Rossi",
    "Petrov",
    "Novak",
    "Schmidt",
    "Larsen",
    "Moreau",
    "Kowalski",
    "Silva",
    "Ortega",
    "Lindqvist",
    "Sørensen",
    "Dubois",
    "Müller",
]
COMPANY = [
    "Alpha",
    "Boreal",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Ionic",
    "Juniper",
    "Krona",
    "Lumen",
    "Meridian",
    "Nordic",
    "Orbit",
    "Polar",
    "Quartz",
    "Ridge",
    "Summit",
    "Tundra",
]
SUFFIX = ["Ltd", "LLC", "GmbH", "AG", "Group", "Holding", "Systems", "Trading", "Partners"]
LANGUAGES = ["en-US", "ru-RU", "de-DE", "fr-FR", "es-ES", "it-IT"]
TERMS = [
    "Payment within 30 days",
    "Payment within 14 days of the issue date",
    "Prepayment 100%",
    "Net 60",
]


# Contact and deal ids with a known privacy, whatever the seed (see generate()):
PRIVATE_READ_BY_USER = 3  # a private contact the regular user is on the access list of
PRIVATE_HIDDEN = 11  # a private contact the regular user may not read
PRIVATE_DEAL_HIDDEN = 7  # a private deal the regular user may not read
PRIVATE_DEAL_READ_BY_USER = 1

# Invoice id -> fields that give the permission model's combinations in any data set of at
# least that many invoices. "user": the regular user; contacts and deals by the ids above.
_COMBINATIONS: dict[int, dict[str, object]] = {
    # the user's own invoice on a contact private to others: not listed, yet deletable
    1: {"create_by": "user", "contact_id": PRIVATE_HIDDEN, "consignee_id": None},
    # a readable invoice (no contact) whose consignee the user may not read
    2: {"create_by": "admin", "contact_id": None, "consignee_id": PRIVATE_HIDDEN},
    # a readable invoice whose deal is private to others
    3: {"create_by": "employee", "contact_id": None, "deal_id": PRIVATE_DEAL_HIDDEN},
    # another employee's invoice on a private contact the user is on the list of
    4: {"create_by": "employee", "contact_id": PRIVATE_READ_BY_USER, "status": 1},
    # the user's own draft with a private deal the user is on the list of
    5: {"create_by": "user", "contact_id": None, "deal_id": PRIVATE_DEAL_READ_BY_USER, "status": 1},
}


def _picker(rng: random.Random, items: list[Any], weights: list[float]) -> Callable[[], Any]:
    cumulative = list(itertools.accumulate(weights))
    top = cumulative[-1]
    rand = rng.random

    def pick() -> Any:
        return items[bisect.bisect_right(cumulative, rand() * top)]

    return pick


def generate(
    conn: sqlite3.Connection,
    n: int,
    seed: int,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Insert contacts, deals and `n` invoices with their lines; returns the largest
    number of distinct words in one invoice."""
    rng = random.Random(seed)

    # employees beside the base users, for access lists and as invoice creators
    employees = []
    for k, (name, title) in enumerate(
        [("Dana Lee", "Accountant"), ("Omar Haddad", "Sales manager"), ("Yuki Sato", "")], start=1
    ):
        uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        cur = conn.execute(INSERT_USER, (f"employee{k}", uid, name, title, AVATAR, 0, 1))
        employees.append(cur.lastrowid)
    admin_id = conn.execute("SELECT id FROM user WHERE key = 'admin'").fetchone()[0]
    user_id = conn.execute("SELECT id FROM user WHERE key = 'user'").fetchone()[0]

    # contacts: people and companies, one in eight private
    n_contacts = max(30, min(20_000, n // 20))
    abbreviations = [c[0] for c in CURRENCIES]
    contacts = []
    access = []
    names: dict[int, str] = {}
    for cid in range(1, n_contacts + 1):
        company = rng.random() < 0.4
        if company:
            name = f"{rng.choice(COMPANY)} {rng.choice(WORDS).capitalize()} {rng.choice(SUFFIX)}"
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        private = cid % 8 == 3  # one in eight, at fixed positions (3 and 11 among them)
        share = 0 if private else rng.choice([1, 2])  # private is exactly share type None
        currency = rng.choice(abbreviations) if rng.random() < 0.5 else None
        contacts.append((cid, name, int(company), share, currency))
        names[cid] = name
        if private:  # only a private contact has an access list
            members = {admin_id, rng.choice(employees)}
            if cid % 16 == 3:  # half of the private contacts are open to the regular user
                members.add(user_id)
            access += [(cid, m) for m in sorted(members)]
    conn.executemany("INSERT INTO contact VALUES (?, ?, ?, ?, ?)", contacts)
    conn.executemany("INSERT INTO contact_access VALUES (?, ?)", access)

    # deals: one in six private (1 and 7 among them), half of those open to the regular user
    n_deals = max(10, n_contacts // 2)
    deals, deal_access = [], []
    for d in range(1, n_deals + 1):
        private = d % 6 == 1
        deals.append((d, f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} deal", private))
        if private:
            members = {rng.choice(employees)} | ({user_id} if d % 12 == 1 else set())
            deal_access += [(d, m) for m in sorted(members)]
    conn.executemany("INSERT INTO deal VALUES (?, ?, ?)", deals)
    conn.executemany("INSERT INTO deal_access VALUES (?, ?)", deal_access)
    creators = {"admin": admin_id, "user": user_id, "employee": employees[0]}

    pick_status = _picker(rng, [1, 2, 3, 4, 5], [25, 30, 10, 25, 10])
    pick_currency = _picker(rng, [None, *abbreviations], [4, 22, 26, 20, 8, 6, 5, 5, 4])
    pick_creator = _picker(rng, [admin_id, user_id, *employees], [50, 35, 5, 5, 5])
    pick_due = _picker(rng, [0, 7, 14, 30, 45, 60, 90], [5, 10, 20, 35, 10, 15, 5])
    width = max(6, len(str(n)))
    numbers = list(range(1, n + 1))
    rng.shuffle(numbers)

    rand = rng.random
    randrange = rng.randrange
    max_words = 0
    invoices: list[tuple[object, ...]] = []
    lines: list[tuple[int, int, int, str, int, float, int, int | None, int | None]] = []
    words: list[tuple[str, int]] = []
    tax_ids = [t[0] for t in TAXES]
    line_id = 0
    for iid in range(1, n + 1):
        status = pick_status()
        number = f"INV-{numbers[iid - 1]:0{width}d}"
        issue = BASE_TICKS + randrange(SPAN_DAYS) * TICKS_PER_DAY
        due = issue + pick_due() * TICKS_PER_DAY
        created = issue - randrange(3 * 86_400) * TICKS_PER_SECOND - randrange(TICKS_PER_SECOND)
        contact = randrange(1, n_contacts + 1) if rand() < 0.92 else None
        consignee = randrange(1, n_contacts + 1) if rand() < 0.35 else None
        deal = randrange(1, n_deals + 1) if rand() < 0.3 else None
        currency = pick_currency()
        rate = 1.0 if currency in (None, "USD") else round(0.01 + rand() * 120, 2)
        if rand() < 0.1:
            description = ""
        else:
            picked = [WORDS[randrange(len(WORDS))] for _ in range(randrange(2, 7))]
            picked[0] = picked[0].capitalize()
            description = " ".join(picked)
        # the random draws stay in this order: the same seed must give the same data
        row = InvoiceRow(
            id=iid,
            status=status,
            number=number,
            issue_date=issue,
            template_type=1 if rand() < 0.3 else 0,
            contact_id=contact,
            contact_name=names[contact] if contact is not None else None,
            consignee_id=consignee,
            deal_id=deal,
            due_date=due,
            language=LANGUAGES[randrange(len(LANGUAGES))],
            currency=currency,
            exchange_rate=rate,
            purchase_order_number=f"PO-{randrange(100_000):05d}" if rand() < 0.4 else "",
            terms=TERMS[randrange(len(TERMS))],
            description=description,
            file_id=randrange(1, 100_000) if rand() < 0.15 else -1,
            create_on=created,
            create_by=pick_creator(),
        )
        if iid in _COMBINATIONS:
            fixed = dict(_COMBINATIONS[iid])
            fixed["create_by"] = creators[str(fixed["create_by"])]
            contact_id = fixed.get("contact_id", row.contact_id)
            fixed["contact_name"] = names[contact_id] if isinstance(contact_id, int) else None
            row = row._replace(**fixed)  # type: ignore[arg-type]
        invoices.append(tuple(row))  # a plain tuple binds faster
        for k in range(randrange(1, 4)):
            line_id += 1
            taxed = rand()
            lines.append(
                (
                    line_id,
                    iid,
                    k,
                    f"Item {k + 1}",
                    randrange(1, 21),
                    round(5 + rand() * 1995, 2),
                    (0, 0, 0, 5, 10, 15)[randrange(6)],
                    tax_ids[randrange(len(tax_ids))] if taxed < 0.5 else None,
                    tax_ids[randrange(len(tax_ids))] if taxed < 0.1 else None,
                )
            )
        found = words_of(number, description)
        max_words = max(max_words, len(found))
        words += [(w, iid) for w in found]
        if iid % CHUNK == 0 or iid == n:
            _flush(conn, invoices, lines, words)
            if progress is not None and (iid % 100_000 == 0 or iid == n):
                progress(f"generated {iid:,} of {n:,} invoices")
    return max_words


def _flush(
    conn: sqlite3.Connection,
    invoices: list[tuple[object, ...]],
    lines: list[tuple[int, int, int, str, int, float, int, int | None, int | None]],
    words: list[tuple[str, int]],
) -> None:
    conn.executemany(INSERT_INVOICE, invoices)
    conn.executemany(INSERT_LINE, lines)
    conn.executemany("INSERT INTO invoice_word VALUES (?, ?)", words)
    for batch in (invoices, lines, words):
        batch.clear()
