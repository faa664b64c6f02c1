"""filterValue sorted by number is answered from the word list and an in-memory number order;
it must answer exactly what the query answers, also after deletes and inserts, for the
administrator and for the regular user (contact visibility), in both directions and on any
page."""

from __future__ import annotations

import random
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


def _compare(portal: Portal, monkeypatch: pytest.MonkeyPatch, used: bool = True) -> None:
    taken = []
    real = portal._search_by_number

    def spy(*args: Any) -> Any:
        answer = real(*args)
        taken.append(answer is not None)
        return answer

    with monkeypatch.context() as m:
        m.setattr(portal, "_search_by_number", spy)
        fast = _answers(portal)
    assert any(taken) == used
    with monkeypatch.context() as m:
        m.setattr(portal, "_search_by_number", lambda *args: None)
        slow = _answers(portal)
    assert fast == slow
    assert any(answer[-3] for answer in fast)  # the searches do find invoices


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
def world(portal: Portal) -> Portal:
    rng = random.Random(5)
    hidden = portal.add_contact("Hidden Co", is_company=True, private=True)
    shared = portal.add_contact("Shared Co", is_company=True, private=True, access=["user"])
    public = portal.add_contact("Public Co", is_company=True)
    _add(portal, rng, [None, hidden, shared, public], 40)
    return portal


def test_search_by_number_matches_the_query(world: Portal, monkeypatch) -> None:
    _compare(world, monkeypatch)


def test_after_deletes_and_reused_ids(world: Portal, monkeypatch) -> None:
    rng = random.Random(9)
    admin = world.user("admin")
    _compare(world, monkeypatch)  # builds the number order
    ids = world.invoice_ids()
    world.delete_invoices(admin, rng.sample(ids, 10) + [max(ids)])  # the last id is reused
    _compare(world, monkeypatch)
    _add(world, rng, [None, 1, 2, 3], 5)
    _compare(world, monkeypatch)
    world.delete_invoices(admin, world.invoice_ids()[:3])
    _compare(world, monkeypatch)


def test_new_private_contact_hides_invoices(world: Portal, monkeypatch) -> None:
    _compare(world, monkeypatch)
    secret = world.add_contact("Secret Ltd", private=True)
    world.add_invoice(number="INV-999999", description="alpha", contact=secret)
    _compare(world, monkeypatch)
    user = world.user("user")
    items, _, _ = world.list_invoices(user, InvoiceFilter(search="alpha"), ListParams())
    assert "INV-999999" not in [i["number"] for i in items]


def test_sparse_ids_take_the_query(portal: Portal, monkeypatch) -> None:
    portal.add_invoice(number="A-1", description="alpha", id=10**9)
    portal.add_invoice(number="A-2", description="alpha", id=3)
    _compare(portal, monkeypatch, used=False)


def test_reused_id_gets_its_new_place(world: Portal, monkeypatch) -> None:
    admin = world.user("admin")
    _compare(world, monkeypatch)  # builds the number order
    last = max(world.invoice_ids())
    world.delete_invoices(admin, [last])
    again = world.add_invoice(number="AAA-0", description="alpha beta gamma delta")
    assert again == last  # SQLite hands out the freed id again
    _compare(world, monkeypatch)
    items, _, _ = world.list_invoices(admin, InvoiceFilter(search="alpha"), ListParams())
    assert items[0]["number"] == "AAA-0"
