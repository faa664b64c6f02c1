"""The generated client against a running mock portal, over real HTTP on the loopback.

Each filter is checked by what it guarantees about the answer (every invoice satisfies it),
never by recomputing the portal's query; each one must keep something and, where it should,
drop something. The expectations come from the behaviour reference of the portal.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from mock_portal.process import PortalProcess
from tests.contract.e2e import ADMIN_TOKEN, INVOICES, TIMEZONE, USER_TOKEN, client_for

# isort: split
# (the committed client is importable through tests/conftest.py)
from onlyoffice_crm_client import AuthenticatedClient, errors
from onlyoffice_crm_client.api.invoices import delete_invoices, get_invoices
from onlyoffice_crm_client.models import (
    DeleteInvoicesRequest,
    ErrorEnvelope,
    Invoice,
    InvoiceEntityType,
    InvoiceListEnvelope,
    InvoiceSortBy,
    InvoiceStatus,
    SortOrder,
)
from onlyoffice_crm_client.types import UNSET

# Real servers (tests/contract/conftest.py): a module-scoped `portal` with `admin` and `user`
# clients, and a fresh `scratch_portal` per test for deleting.
pytestmark = pytest.mark.slow

ZONE = ZoneInfo(TIMEZONE)
ALL = 1000  # one page holds the whole data set


def listing(client: AuthenticatedClient, **filters: object) -> InvoiceListEnvelope:
    answer = get_invoices.sync_detailed(client=client, **filters)
    assert answer.status_code == 200, (filters, answer.content[:500])
    assert isinstance(answer.parsed, InvoiceListEnvelope)
    assert answer.parsed.status == 0 and answer.parsed.status_code == 200
    return answer.parsed


def invoices(client: AuthenticatedClient, **filters: object) -> list[Invoice]:
    page = listing(client, count=ALL, **filters)
    assert page.next_index is UNSET, "the data set must fit in one page"
    assert page.total == len(page.response)
    return page.response


def local_date(moment: dt.datetime) -> dt.date:
    assert moment.tzinfo is not None
    return moment.astimezone(ZONE).date()


def ids(items: list[Invoice]) -> set[int]:
    found = [i.id for i in items]
    assert len(found) == len(set(found)), "an invoice is listed twice"
    return set(found)


def narrows(found: list[Invoice], full: list[Invoice]) -> None:
    """The filter kept something and dropped something."""
    assert found, "the filter should match some invoices"
    assert len(found) < len(full), "the filter should exclude some invoices"
    assert ids(found) < ids(full)


@pytest.fixture(scope="module")
def everything(admin: AuthenticatedClient) -> list[Invoice]:
    found = invoices(admin)
    assert len(found) == INVOICES
    return found


def middle(values: list, lo: float = 0.3, hi: float = 0.6) -> tuple:
    ordered = sorted(values)
    return ordered[int(len(ordered) * lo)], ordered[int(len(ordered) * hi)]


# --- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(InvoiceStatus))
def test_status_filter_keeps_only_that_status(admin, everything, status):
    found = invoices(admin, status=status)
    narrows(found, everything)
    assert {i.status.id for i in found} == {status.value}


def test_the_five_statuses_partition_the_list(admin, everything):
    parts = [ids(invoices(admin, status=s)) for s in InvoiceStatus]
    assert sum(len(p) for p in parts) == len(everything)
    assert set().union(*parts) == ids(everything)


def test_issue_date_bounds(admin, everything):
    low, high = middle([local_date(i.issue_date) for i in everything])
    found = invoices(admin, issue_date_from=low, issue_date_to=high)
    narrows(found, everything)
    assert all(low <= local_date(i.issue_date) <= high for i in found)
    # the upper bound covers its whole local day: the invoices issued that day are in
    on_last_day = {i.id for i in everything if local_date(i.issue_date) == high}
    assert on_last_day and on_last_day <= ids(found)


def test_issue_date_single_day(admin, everything):
    day = Counter(local_date(i.issue_date) for i in everything).most_common(1)[0][0]
    found = invoices(admin, issue_date_from=day, issue_date_to=day)
    narrows(found, everything)
    assert {local_date(i.issue_date) for i in found} == {day}


def test_due_date_bounds(admin, everything):
    low, high = middle([local_date(i.due_date) for i in everything], 0.5, 0.8)
    found = invoices(admin, due_date_from=low, due_date_to=high)
    narrows(found, everything)
    assert all(low <= local_date(i.due_date) <= high for i in found)
    assert {local_date(i.due_date) for i in found} >= {low, high}


def test_due_date_one_sided(admin, everything):
    pivot, _ = middle([local_date(i.due_date) for i in everything], 0.5, 0.5)
    after = invoices(admin, due_date_from=pivot)
    until = invoices(admin, due_date_to=pivot)
    narrows(after, everything)
    narrows(until, everything)
    assert all(local_date(i.due_date) >= pivot for i in after)
    assert all(local_date(i.due_date) <= pivot for i in until)
    # the two overlap exactly on the pivot day and together cover everything
    assert ids(after) | ids(until) == ids(everything)
    assert {local_date(i.due_date) for i in everything if i.id in ids(after) & ids(until)} == {
        pivot
    }


def test_opportunity_filter(admin, everything):
    deals = Counter(i.entity.entity_id for i in everything if i.entity is not None)
    deal = deals.most_common(1)[0][0]
    found = invoices(admin, entity_type=InvoiceEntityType.OPPORTUNITY, entityid=deal)
    narrows(found, everything)
    assert all(i.entity is not None and i.entity.entity_id == deal for i in found)
    assert len(found) == deals[deal]


def test_contact_filter(admin, everything):
    contacts = Counter(i.contact.id for i in everything if i.contact is not None)
    contact = contacts.most_common(1)[0][0]
    found = invoices(admin, entity_type=InvoiceEntityType.CONTACT, entityid=contact)
    narrows(found, everything)
    assert all(i.contact is not None and i.contact.id == contact for i in found)
    assert len(found) == contacts[contact]


def test_currency_filter_ignores_case(admin, everything):
    assert "EUR" in {i.currency.abbreviation for i in everything}
    lower = invoices(admin, currency="eur")
    narrows(lower, everything)
    assert {i.currency.abbreviation.upper() for i in lower} == {"EUR"}
    assert ids(invoices(admin, currency="EUR")) == ids(lower)


def _word_starts(invoice: Invoice) -> list[str]:
    text = f"{invoice.number} {invoice.description}".lower()
    return [token for token in text.split(" ") if token]


def _matches(invoice: Invoice, search: str) -> bool:
    starts = _word_starts(invoice)
    return all(any(t.startswith(w) for t in starts) for w in search.lower().split())


@pytest.mark.parametrize("pick", ["one prefix", "two words", "upper case"])
def test_filter_value(admin, everything, pick):
    words = Counter(
        w for i in everything for w in set(i.description.lower().split()) if len(w) >= 6
    )
    common = [w for w, _ in words.most_common(10)]
    if pick == "one prefix":
        search = common[0][:4]
    elif pick == "two words":
        pair = next(
            (a, b)
            for a in common
            for b in common
            if a < b and any(_matches(i, f"{a} {b}") for i in everything)
        )
        search = " ".join(pair)
    else:
        search = common[1].upper()
    found = invoices(admin, filter_value=search)
    narrows(found, everything)
    assert all(_matches(i, search) for i in found), search


def test_filter_value_on_number(admin, everything):
    number = everything[len(everything) // 2].number
    found = invoices(admin, filter_value=number.lower())
    assert [i.number for i in found] == [number]


SORTS: list[tuple[InvoiceSortBy, SortOrder, Callable[[Invoice], object]]] = [
    (InvoiceSortBy.ISSUEDATE, SortOrder.DESCENDING, lambda i: i.issue_date),
    (InvoiceSortBy.NUMBER, SortOrder.ASCENDING, lambda i: i.number),
    (InvoiceSortBy.NUMBER, SortOrder.DESCENDING, lambda i: i.number),
    (InvoiceSortBy.DUEDATE, SortOrder.ASCENDING, lambda i: i.due_date),
    (InvoiceSortBy.ID, SortOrder.DESCENDING, lambda i: i.id),
    (InvoiceSortBy.STATUS, SortOrder.ASCENDING, lambda i: i.status.id),
]


@pytest.mark.parametrize(
    ("sort_by", "order", "key"), SORTS, ids=[f"{by}-{order}" for by, order, _ in SORTS]
)
def test_sorting(admin, everything, sort_by, order, key):
    found = invoices(admin, sort_by=sort_by, sort_order=order)
    assert ids(found) == ids(everything)
    keys = [key(i) for i in found]
    expected = sorted(keys, reverse=order is SortOrder.DESCENDING)
    assert keys == expected
    assert keys[0] != keys[-1]


def test_sorting_a_short_page(admin, everything):
    page = listing(
        admin, sort_by=InvoiceSortBy.ISSUEDATE, sort_order=SortOrder.DESCENDING, count=20
    )
    latest = max(i.issue_date for i in everything)
    dates = [i.issue_date for i in page.response]
    assert len(dates) == 20 and dates[0] == latest
    assert dates == sorted(dates, reverse=True)


def test_default_order_is_number_ascending(admin, everything):
    numbers = [i.number for i in everything]
    assert numbers == sorted(numbers)


def test_combined_filters(admin, everything):
    low, _ = middle([local_date(i.issue_date) for i in everything], 0.4, 0.4)
    filters = dict(status=InvoiceStatus.SENT, currency="usd", issue_date_from=low)
    found = invoices(
        admin, sort_by=InvoiceSortBy.DUEDATE, sort_order=SortOrder.DESCENDING, **filters
    )
    narrows(found, everything)
    for invoice in found:
        assert invoice.status.id == InvoiceStatus.SENT
        assert invoice.currency.abbreviation.upper() == "USD"
        assert local_date(invoice.issue_date) >= low
    dues = [i.due_date for i in found]
    assert dues == sorted(dues, reverse=True)
    # every filter takes its part: each one alone keeps more
    for name, value in filters.items():
        assert ids(found) < ids(invoices(admin, **{name: value})), name


# --- paging -----------------------------------------------------------------------------------


def test_paging_returns_every_invoice_once(admin, everything):
    count, start, seen, pages = 37, 0, [], 0
    while True:
        pages += 1
        assert pages <= INVOICES // count + 2, "paging did not end"
        page = listing(admin, count=count, start_index=start)
        assert page.start_index == (start if start else UNSET)
        assert page.count == len(page.response)
        seen += [i.id for i in page.response]
        if page.next_index is UNSET:
            assert 0 < len(page.response) <= count
            assert page.total == start + len(page.response)
            break
        assert len(page.response) == count
        assert page.total == len(everything)
        assert page.next_index == start + count + 1  # one past the next page's first item
        start += count
    assert len(seen) == len(set(seen)) == len(everything) == INVOICES
    assert seen == [i.id for i in everything]  # same order as the one-page listing
    assert pages == -(-INVOICES // count)


def test_next_index_as_start_skips_invoices(admin, everything):
    count = 37
    order = [i.id for i in everything]
    first = listing(admin, count=count)
    second = listing(admin, count=count, start_index=first.next_index)
    third = listing(admin, count=count, start_index=second.next_index)
    got = [i.id for p in (first, second, third) for i in p.response]
    assert got[:count] == order[:count]
    # each jump to nextIndex loses the first invoice of the page it should have started at
    skipped = [order[count], order[2 * count + 1]]
    assert not set(skipped) & set(got)
    assert got == [i for i in order[: len(got) + 2] if i not in skipped]


# --- a regular user's view --------------------------------------------------------------------


def test_user_sees_a_subset_by_contact_access(user, everything):
    mine = invoices(user)
    assert mine and ids(mine) < ids(everything)

    # the user is the creator of the invoices they may delete (not an administrator: the
    # list is smaller); that is how the portal reports who they are
    creators = {i.create_by.id for i in mine if i.can_delete}
    assert len(creators) == 1
    (me,) = creators
    assert isinstance(me, UUID)
    assert all(i.can_delete == (i.create_by.id == me) for i in mine)

    def readable(invoice: Invoice) -> bool:
        contact = invoice.contact
        if contact is None or not contact.is_private:
            return True
        assert contact.access_list is not UNSET, "a private contact lists its access"
        return me in {member.id for member in contact.access_list}

    assert all(readable(i) for i in mine)
    # and nothing the rule allows is missing: the admin's list, read with the same rule
    assert ids(mine) == {i.id for i in everything if readable(i)}
    # the seeded data has both kinds of private contact in the user's list and out of it
    assert any(i.contact is not None and i.contact.is_private for i in mine)
    assert any(not readable(i) for i in everything)


def test_user_filters_within_their_view(user, everything):
    mine = ids(invoices(user))
    paid = invoices(user, status=InvoiceStatus.PAID)
    assert paid and ids(paid) <= mine
    assert {i.status.id for i in paid} == {InvoiceStatus.PAID.value}
    assert ids(paid) < {i.id for i in everything if i.status.id == InvoiceStatus.PAID}


# --- authentication ---------------------------------------------------------------------------


def test_bad_token_is_401_unauthorized(portal):
    with client_for(portal, "not-a-token", raise_on_error_status=False) as bad:
        answer = get_invoices.sync_detailed(client=bad, count=5)
        assert answer.status_code == 401
        assert answer.parsed == "Unauthorized"
        assert answer.headers["www-authenticate"].startswith("Basic ")
        deleted = delete_invoices.sync_detailed(
            client=bad,
            body=DeleteInvoicesRequest(invoiceids=[10**9]),  # unknown: the data stays as is
        )
        assert deleted.status_code == 401 and deleted.parsed == "Unauthorized"


def test_bad_token_raises_unauthorized_by_default(portal):
    with client_for(portal, "not-a-token") as bad:
        for call in (
            lambda: get_invoices.sync(client=bad),
            lambda: get_invoices.sync_detailed(client=bad, count=5),
            lambda: delete_invoices.sync_detailed(
                client=bad, body=DeleteInvoicesRequest(invoiceids=[10**9])
            ),
        ):
            with pytest.raises(errors.Unauthorized) as refused:
                call()
            assert refused.value.status_code == 401


# --- deleting (each test on a fresh portal) ---------------------------------------------------


def test_delete_a_batch(scratch_portal: PortalProcess):
    with client_for(scratch_portal, ADMIN_TOKEN) as admin_client:
        before = listing(admin_client, count=ALL)
        by_status = {i.status.id: i for i in reversed(before.response)}
        picked = sorted(i.id for i in by_status.values())  # one of each status
        assert len(picked) == 5
        unknown = max(i.id for i in before.response) + 1000

        answer = delete_invoices.sync_detailed(
            client=admin_client, body=DeleteInvoicesRequest(invoiceids=[*picked, unknown])
        )
        assert answer.status_code == 200
        deleted = answer.parsed
        assert isinstance(deleted, InvoiceListEnvelope)
        assert deleted.status == 0 and deleted.status_code == 200
        assert sorted(i.id for i in deleted.response) == picked
        assert all(i.cost == 0 for i in deleted.response)  # the portal's quirk
        assert any(i.cost > 0 for i in before.response if i.id in picked)
        assert deleted.total is UNSET

        after = listing(admin_client, count=ALL)
        assert after.total == before.total - len(picked)
        assert ids(after.response) == ids(before.response) - set(picked)

        again = delete_invoices.sync(client=admin_client, body=DeleteInvoicesRequest(picked))
        assert isinstance(again, InvoiceListEnvelope) and again.response == []


def test_user_deletes_only_own_invoices(scratch_portal: PortalProcess):
    with (
        client_for(scratch_portal, ADMIN_TOKEN) as admin_client,
        client_for(scratch_portal, USER_TOKEN) as user_client,
    ):
        theirs = invoices(user_client)
        own = [i.id for i in theirs if i.can_delete][:3]
        others = [i.id for i in theirs if not i.can_delete][:3]
        assert len(own) == 3 and len(others) == 3
        deleted = delete_invoices.sync(
            client=user_client, body=DeleteInvoicesRequest(invoiceids=own + others)
        )
        assert isinstance(deleted, InvoiceListEnvelope)
        assert sorted(i.id for i in deleted.response) == sorted(own)
        remaining = ids(invoices(admin_client))
        assert not set(own) & remaining and set(others) <= remaining


def test_user_deletes_own_invoice_hidden_by_its_contact(scratch_portal: PortalProcess):
    with (
        client_for(scratch_portal, ADMIN_TOKEN) as admin_client,
        client_for(scratch_portal, USER_TOKEN) as user_client,
    ):
        seen = ids(invoices(user_client))
        me = next(i.create_by.id for i in invoices(user_client) if i.can_delete)
        hidden = [i.id for i in invoices(admin_client) if i.create_by.id == me and i.id not in seen]
        assert hidden, "the seed has an own invoice on a contact private to others"
        deleted = delete_invoices.sync(
            client=user_client, body=DeleteInvoicesRequest(invoiceids=hidden[:1])
        )
        assert isinstance(deleted, InvoiceListEnvelope)
        (item,) = deleted.response
        assert item.id == hidden[0] and item.can_delete and item.contact is None
        assert hidden[0] not in ids(invoices(admin_client))


def test_delete_with_an_empty_list_is_400(scratch_portal: PortalProcess):
    with client_for(scratch_portal, ADMIN_TOKEN, raise_on_error_status=False) as admin_client:
        before = listing(admin_client, count=1).total
        answer = delete_invoices.sync_detailed(
            client=admin_client, body=DeleteInvoicesRequest(invoiceids=[])
        )
        assert answer.status_code == 400
        assert isinstance(answer.parsed, ErrorEnvelope)
        assert answer.parsed.status == 1 and answer.parsed.status_code == 400
        assert answer.parsed.error.message
    with client_for(scratch_portal, ADMIN_TOKEN) as raising:
        with pytest.raises(errors.BadRequest) as refused:
            delete_invoices.sync_detailed(client=raising, body=DeleteInvoicesRequest([]))
        assert refused.value.status_code == 400
        assert refused.value.message == answer.parsed.error.message
        assert listing(raising, count=1).total == before == INVOICES
