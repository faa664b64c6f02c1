"""iter_invoices and aiter_invoices: every matching invoice exactly once, in the portal's order,
paging by startIndex + count (never by nextIndex, never by total)."""

import asyncio
import copy
import inspect
import json

import httpx
import pytest
from onlyoffice_crm_client import aiter_invoices, errors, iter_invoices
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import InvoiceStatus

from tests.client.fake_portal import JSON, FakePortal, envelope_error


@pytest.fixture(scope="module")
def wire_invoice(client_spec):
    example = client_spec.document["components"]["examples"]["InvoicePageFirst"]["value"]
    return example["response"][0]


class OffsetPortal:
    """Pages a list of invoices the way a real portal does: `nextIndex` is one past the next
    page's first invoice, and `total` may be wrong (the portal caches it across filters)."""

    def __init__(self, template, ids, total=None):
        self.invoices = [{**copy.deepcopy(template), "id": i} for i in ids]
        self.total = total
        self.fake = FakePortal(self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        start, count = int(params.get("startIndex", 0)), int(params.get("count", 1000))
        rows = self.invoices[start : start + count + 1]  # the portal fetches one more row
        body = {"total": len(self.invoices) if self.total is None else self.total,
                "status": 0, "statusCode": 200, "response": rows[:count]}  # fmt: skip
        if len(rows) > count:
            body["nextIndex"] = start + count + 1
        return httpx.Response(
            200, content=json.dumps(body).encode(), headers={"Content-Type": JSON}
        )

    def starts(self):
        return [int(r.url.params.get("startIndex", 0)) for r in self.fake.requests]


IDS = list(range(101, 126))  # 25 invoices


@pytest.mark.parametrize("page_size", [1, 2, 7, 10, 24, 25, 26, 1000])
def test_every_invoice_exactly_once_in_order_across_page_sizes(wire_invoice, page_size):
    portal = OffsetPortal(wire_invoice, IDS)
    got = [invoice.id for invoice in iter_invoices(portal.fake.client(), page_size=page_size)]
    assert got == IDS
    assert portal.starts() == list(range(0, len(IDS), page_size))  # never from nextIndex


def test_a_wrong_total_does_not_stop_or_extend_paging(wire_invoice):
    portal = OffsetPortal(wire_invoice, IDS, total=3)
    assert [i.id for i in iter_invoices(portal.fake.client(), page_size=4)] == IDS


def test_the_filters_go_with_every_page(wire_invoice):
    portal = OffsetPortal(wire_invoice, IDS)
    list(iter_invoices(portal.fake.client(), page_size=10, status=InvoiceStatus.SENT,
                       currency="EUR"))  # fmt: skip
    assert len(portal.fake.requests) == 3
    for request in portal.fake.requests:
        assert request.url.params["status"] == "2" and request.url.params["currency"] == "EUR"
        assert request.url.params["count"] == "10"


def test_an_invoice_shifted_onto_the_next_page_comes_out_once(wire_invoice):
    portal = OffsetPortal(wire_invoice, IDS)
    answer = portal.answer

    def insert_after_first_page(request):
        if len(portal.fake.requests) == 2:  # a new invoice is added at the front meanwhile
            portal.invoices.insert(0, {**copy.deepcopy(wire_invoice), "id": 99})
        return answer(request)

    portal.fake.answer = insert_after_first_page
    got = [i.id for i in iter_invoices(portal.fake.client(), page_size=10)]
    assert len(got) == len(set(got)) and set(got) == set(IDS)


def test_pages_are_fetched_as_the_loop_goes(wire_invoice):
    portal = OffsetPortal(wire_invoice, IDS)
    invoices = iter_invoices(portal.fake.client(), page_size=10)
    assert portal.fake.requests == []
    next(invoices)
    assert len(portal.fake.requests) == 1


@pytest.mark.parametrize("page_size", [0, -1, 1001, 2.5, True])
def test_a_bad_page_size_is_refused_before_any_request(page_size):
    portal = FakePortal(lambda request: pytest.fail("no request expected"))
    with pytest.raises(ValueError, match="page_size must be an integer from 1 to 1000"):
        next(iter_invoices(portal.client(), page_size=page_size))


def test_an_error_page_raises_its_typed_error(wire_invoice):
    portal = FakePortal(lambda request: envelope_error(402, "PaymentRequired"))
    with pytest.raises(errors.PaymentRequired):
        list(iter_invoices(portal.client()))


def test_the_async_form_gives_the_same_invoices(wire_invoice):
    portal = OffsetPortal(wire_invoice, IDS)

    async def collect():
        return [i.id async for i in aiter_invoices(portal.fake.client(), page_size=6)]

    assert asyncio.run(collect()) == IDS
    assert portal.starts() == [0, 6, 12, 18, 24]


def test_the_filters_are_those_of_get_invoices():
    def keywords(function, leave_out):
        return {
            name: (p.annotation, p.default)
            for name, p in inspect.signature(function, eval_str=True).parameters.items()
            if name not in leave_out
        }

    listed = keywords(get_invoices.sync, {"client", "count", "start_index"})
    for helper in (iter_invoices, aiter_invoices):
        assert keywords(helper, {"client", "page_size"}) == listed, helper.__name__


@pytest.mark.slow
def test_against_the_mock_portal_every_invoice_once(running_portal):
    from onlyoffice_crm_client import AuthenticatedClient

    url, token = running_portal
    with AuthenticatedClient(base_url=url, token=token, prefix="") as client:
        everything = get_invoices.sync(client=client, count=1000).response
        assert len(everything) == 30
        for page_size in (1, 7, 30):
            got = [i.id for i in iter_invoices(client, page_size=page_size)]
            assert got == [i.id for i in everything], page_size
        sent = get_invoices.sync(client=client, status=InvoiceStatus.SENT).response
        assert [i.id for i in iter_invoices(client, page_size=4, status=InvoiceStatus.SENT)] == [
            i.id for i in sent
        ]
