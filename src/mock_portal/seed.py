"""A deterministic data set: the same seed gives the same rows on any machine.

Only `random.Random(seed)` and fixed dates are used (no clock, no hash ordering). Every status,
both template types, all currencies, invoices with and without contact, consignee and deal, some
linked to cases, created by the administrator, the regular user and other employees, and private
contacts the regular user can and cannot see.
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
from .reference import AVATAR, CURRENCIES, INSERT_USER, foto_urls, words_of
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
    """Insert contacts, deals, cases and `n` invoices with their lines; returns the largest
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

    # contacts: people and companies, some private
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
        private = cid % 8 == 3  # one in eight, at fixed positions
        share = 0 if private else rng.choice([0, 0, 1, 2])
        currency = rng.choice(abbreviations) if rng.random() < 0.5 else None
        contacts.append(
            (cid, name, int(company), int(private), share, currency, *foto_urls(company))
        )
        names[cid] = name
        if private:
            members = {admin_id, rng.choice(employees)}
            if cid % 16 == 3:  # half of the private contacts are open to the regular user
                members.add(user_id)
            access += [(cid, m) for m in sorted(members)]
    conn.executemany("INSERT INTO contact VALUES (?, ?, ?, ?, ?, ?, ?, ?)", contacts)
    conn.executemany("INSERT INTO contact_access VALUES (?, ?)", access)

    n_deals = max(10, n_contacts // 2)
    conn.executemany(
        "INSERT INTO deal VALUES (?, ?)",
        [
            (d, f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} deal")
            for d in range(1, n_deals + 1)
        ],
    )
    n_cases = max(5, n_contacts // 4)
    conn.executemany(
        "INSERT INTO crm_case VALUES (?, ?)",
        [(c, f"Case: {rng.choice(WORDS)} {rng.choice(WORDS)}") for c in range(1, n_cases + 1)],
    )

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
    lines: list[tuple[int, int, int, str, int, float, int]] = []
    words: list[tuple[str, int]] = []
    links: list[tuple[int, int]] = []
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
        rate = 1.0 if currency in (None, "USD") else round(0.01 + rand() * 120, 4)
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
        invoices.append(tuple(row))  # a plain tuple binds faster
        for k in range(randrange(1, 4)):
            line_id += 1
            lines.append(
                (
                    line_id,
                    iid,
                    k,
                    f"Item {k + 1}",
                    randrange(1, 21),
                    round(5 + rand() * 1995, 2),
                    (0, 0, 0, 5, 10, 15)[randrange(6)],
                )
            )
        if rand() < 0.08:
            for case in sorted({randrange(1, n_cases + 1) for _ in range(randrange(1, 3))}):
                links.append((case, iid))
        found = words_of(number, description)
        max_words = max(max_words, len(found))
        words += [(w, iid) for w in found]
        if iid % CHUNK == 0 or iid == n:
            _flush(conn, invoices, lines, words, links)
            if progress is not None and (iid % 100_000 == 0 or iid == n):
                progress(f"generated {iid:,} of {n:,} invoices")
    return max_words


def _flush(
    conn: sqlite3.Connection,
    invoices: list[tuple[object, ...]],
    lines: list[tuple[int, int, int, str, int, float, int]],
    words: list[tuple[str, int]],
    links: list[tuple[int, int]],
) -> None:
    conn.executemany(INSERT_INVOICE, invoices)
    conn.executemany(INSERT_LINE, lines)
    conn.executemany("INSERT INTO invoice_word VALUES (?, ?)", words)
    conn.executemany("INSERT INTO invoice_case VALUES (?, ?)", links)
    for batch in (invoices, lines, words, links):
        batch.clear()
