"""delete_invoices_in_batches and its async form: every id in some batch, every deleted invoice
returned, and an empty id list refused before any request."""

import asyncio
import copy
import json

import pytest
from onlyoffice_crm_client import (
    AuthenticatedClient,
    adelete_invoices_in_batches,
    delete_invoices_in_batches,
    errors,
)
from onlyoffice_crm_client.api.invoices import get_invoices

from tests.client.fake_portal import FakePortal, envelope_error, page


@pytest.fixture(scope="module")
def wire_invoice(client_spec):
    example = client_spec.document["components"]["examples"]["InvoicePageFirst"]["value"]
    return example["response"][0]


def deleting_portal(template, existing):
    """Deletes the listed ids it has (skipping the others silently, as a portal does)."""
    left = set(existing)

    def answer(request):
        asked = json.loads(request.content)["invoiceids"]
        if not asked:
            return envelope_error(400, "Value does not fall within the expected range.")
        gone = [i for i in asked if i in left]
        left.difference_update(gone)
        return page([{**copy.deepcopy(template), "id": i, "cost": 0} for i in gone])

    return FakePortal(answer)


def sent_batches(portal):
    return [json.loads(request.content)["invoiceids"] for request in portal.requests]


def test_every_id_goes_in_some_batch_and_every_deleted_invoice_comes_back(wire_invoice):
    ids = list(range(1, 251))
    portal = deleting_portal(wire_invoice, existing=range(1, 241))  # the last 10 do not exist
    deleted = delete_invoices_in_batches(portal.client(), ids, batch_size=100)
    assert [len(batch) for batch in sent_batches(portal)] == [100, 100, 50]
    assert sum(sent_batches(portal), []) == ids
    assert [invoice.id for invoice in deleted] == list(range(1, 241))


def test_an_id_given_twice_is_sent_once(wire_invoice):
    portal = deleting_portal(wire_invoice, existing=[1, 2, 3])
    deleted = delete_invoices_in_batches(portal.client(), [3, 1, 3, 2, 1], batch_size=2)
    assert sent_batches(portal) == [[3, 1], [2]]
    assert sorted(i.id for i in deleted) == [1, 2, 3]


@pytest.mark.parametrize("ids", [[], (), iter([]), set()])
def test_an_empty_id_list_is_refused_before_any_request(ids):
    portal = FakePortal(lambda request: pytest.fail("no request expected"))
    with pytest.raises(ValueError, match="no invoice ids to delete"):
        delete_invoices_in_batches(portal.client(), ids)
    with pytest.raises(ValueError, match="no invoice ids to delete"):
        asyncio.run(adelete_invoices_in_batches(portal.client(), ids))


@pytest.mark.parametrize(
    ("ids", "batch_size", "message"),
    [([1, "2"], 10, "invoice ids must be integers, not '2'"),
     ([1, None], 10, "invoice ids must be integers, not None"),
     ([1, 2], 0, "batch_size must be a positive integer, not 0")],
)  # fmt: skip
def test_bad_input_is_refused_before_any_request(ids, batch_size, message):
    portal = FakePortal(lambda request: pytest.fail("no request expected"))
    with pytest.raises(ValueError, match=message):
        delete_invoices_in_batches(portal.client(), ids, batch_size=batch_size)


def test_a_failing_batch_raises_and_says_what_was_already_deleted(wire_invoice):
    good = deleting_portal(wire_invoice, existing=[1, 2, 3, 4])
    portal = FakePortal(
        lambda request: (
            good(request) if len(portal.requests) == 1 else envelope_error(403, "Forbidden")
        )
    )
    with pytest.raises(errors.Forbidden) as raised:
        delete_invoices_in_batches(portal.client(), [1, 2, 3, 4], batch_size=2)
    assert raised.value.__notes__ == ["2 invoice(s) deleted by the earlier batches: ids [1, 2]"]


def test_the_async_form_deletes_the_same(wire_invoice):
    portal = deleting_portal(wire_invoice, existing=range(1, 8))
    deleted = asyncio.run(adelete_invoices_in_batches(portal.client(), range(1, 8), batch_size=3))
    assert sent_batches(portal) == [[1, 2, 3], [4, 5, 6], [7]]
    assert [i.id for i in deleted] == list(range(1, 8))


@pytest.mark.slow
def test_against_the_mock_portal(portal_server, tmp_path):
    token = "batch-test-token"
    server = portal_server("--db", str(tmp_path / "portal.sqlite"), "--invoices", "30",
                           "--admin-token", token)  # fmt: skip
    with AuthenticatedClient(base_url=server.url, token=token, prefix="") as client:
        before = [i.id for i in get_invoices.sync(client=client).response]
        picked = before[::3]
        deleted = delete_invoices_in_batches(client, [*picked, 10**6], batch_size=4)
        assert sorted(i.id for i in deleted) == sorted(picked)
        after = [i.id for i in get_invoices.sync(client=client).response]
        assert after == [i for i in before if i not in picked]
