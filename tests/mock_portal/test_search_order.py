"""filterValue sorted by number is answered from the word list and an in-memory number order;
it must answer exactly what the query answers, also after deletes and inserts, for the
administrator and for the regular user (contact visibility), in both directions and on any
page."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from mock_portal import Portal
from mock_portal.params import InvoiceFilter, ListParams

SEARCHES = ["alpha", "al", "beta", "alpha beta", "gamma", "a", "zzz", "ALPHA Be", "inv"]
WORDS = ["alpha", "alphabet", "beta", "gamma", "delta", "al"]


def _answers(portal: Portal) -> list[Any]:
    out = []
    for key in ("admin", "user"):
        user = portal.user(key)
        for search in SEARCHES:
            for descending in (False, True):
                for count, start in ((1000, 0), (3, 0), (3, 4), (5, 10), (0, 2), (7, 100)):
                    flt = InvoiceFilter(search=search)
                    page = ListParams(count=count, start_index=start, descending=descending)
                    items, total, next_index = portal.list_invoices(user, flt, page)
                    out.append(
                        (key, search, descending, count, start)
                        + ([i["id"] for i in items], total, next_index)
                    )
    return out


class Twins:
    """Two portals given the same changes: one answers searches from the number order, the
    other always by query."""

    def __init__(self) -> None:
        self.fast = Portal()
        self.slow = Portal(number_search=False)

    def each(self) -> tuple[Portal, Portal]:
        return self.fast, self.slow

    def compare(self, used: bool = True) -> None:
        before = self.fast.number_search.answered
        fast = _answers(self.fast)
        assert (self.fast.number_search.answered > before) == used
        assert self.slow.number_search.answered == 0
        assert fast == _answers(self.slow)
        assert any(answer[-3] for answer in fast)  # the searches do find invoices

    def close(self) -> None:
        for portal in self.each():
            portal.close()


def _add(portal: Portal, rng: random.Random, contacts: list[int | None], n: int) -> None:
    for _ in range(n):
        number = f"INV-{rng.randrange(10**6):06d}"
        while True:
            try:
                portal.add_invoice(
                    number=number,
                    description=" ".join(rng.sample(WORDS, rng.randrange(0, 3))),
                    contact=rng.choice(contacts),
                    create_by=rng.choice(["admin", "user"]),
                )
                break
            except Exception:  # a number already taken
                number = f"INV-{rng.randrange(10**6):06d}"


@pytest.fixture
def twins() -> Iterator[Twins]:
    twins = Twins()
    yield twins
    twins.close()


@pytest.fixture
def world(twins: Twins) -> Twins:
    for portal in twins.each():
        rng = random.Random(5)
        hidden = portal.add_contact("Hidden Co", is_company=True, private=True)
        shared = portal.add_contact("Shared Co", is_company=True, private=True, access=["user"])
        public = portal.add_contact("Public Co", is_company=True)
        _add(portal, rng, [None, hidden, shared, public], 40)
    return twins


def test_search_by_number_matches_the_query(world: Twins) -> None:
    world.compare()


def test_after_deletes_and_reused_ids(world: Twins) -> None:
    world.compare()  # builds the number order
    for portal in world.each():
        rng = random.Random(9)
        admin = portal.user("admin")
        ids = portal.invoice_ids()
        portal.delete_invoices(admin, rng.sample(ids, 10) + [max(ids)])  # the last id is reused
    world.compare()
    for portal in world.each():
        _add(portal, random.Random(10), [None, 1, 2, 3], 5)
    world.compare()
    for portal in world.each():
        portal.delete_invoices(portal.user("admin"), portal.invoice_ids()[:3])
    world.compare()


def test_new_private_contact_hides_invoices(world: Twins) -> None:
    world.compare()
    for portal in world.each():
        secret = portal.add_contact("Secret Ltd", private=True)
        portal.add_invoice(number="INV-999999", description="alpha", contact=secret)
    world.compare()
    user = world.fast.user("user")
    items, _, _ = world.fast.list_invoices(user, InvoiceFilter(search="alpha"), ListParams())
    assert "INV-999999" not in [i["number"] for i in items]


def test_sparse_ids_take_the_query(twins: Twins) -> None:
    for portal in twins.each():
        portal.add_invoice(number="A-1", description="alpha", id=10**9)
        portal.add_invoice(number="A-2", description="alpha", id=3)
    twins.compare(used=False)


def test_reused_id_gets_its_new_place(world: Twins) -> None:
    world.compare()  # builds the number order
    for portal in world.each():
        last = max(portal.invoice_ids())
        portal.delete_invoices(portal.user("admin"), [last])
        again = portal.add_invoice(number="AAA-0", description="alpha beta gamma delta")
        assert again == last  # SQLite hands out the freed id again
    world.compare()
    admin = world.fast.user("admin")
    items, _, _ = world.fast.list_invoices(admin, InvoiceFilter(search="alpha"), ListParams())
    assert items[0]["number"] == "AAA-0"
