"""Typed errors: every answer other than 2xx raises one class per case, under one base."""

import asyncio

import httpx
import pytest
from onlyoffice_crm_client import errors
from onlyoffice_crm_client.api.invoices import delete_invoices, get_invoices
from onlyoffice_crm_client.models import DeleteInvoicesRequest, ErrorEnvelope, InvoiceListEnvelope

from tests.client.fake_portal import FakePortal, envelope_error, page, unauthorized

EMPTY_LIST = "Value does not fall within the expected range."
CASES = [
    (lambda: envelope_error(400, EMPTY_LIST, -2147024809), errors.BadRequest),
    (unauthorized, errors.Unauthorized),
    (lambda: envelope_error(402, "PaymentRequired"), errors.PaymentRequired),
    (lambda: envelope_error(403, "Forbidden"), errors.Forbidden),
    (lambda: httpx.Response(404, content=b"Not Found"), errors.UnexpectedStatus),
    (lambda: httpx.Response(500, content=b"boom"), errors.UnexpectedStatus),
]


def list_once(client):
    return get_invoices.sync(client=client, count=5)


def delete_once(client):
    return delete_invoices.sync(client=client, body=DeleteInvoicesRequest(invoiceids=[1]))


def list_detailed(client):
    return get_invoices.sync_detailed(client=client)


def list_async(client):
    return asyncio.run(get_invoices.asyncio(client=client))


@pytest.mark.parametrize("call", [list_once, delete_once, list_detailed, list_async])
@pytest.mark.parametrize(("answer", "kind"), CASES)
def test_each_error_status_raises_its_own_class_under_one_base(answer, kind, call):
    portal = FakePortal(lambda request: answer())
    with pytest.raises(kind) as raised:
        call(portal.client())
    assert isinstance(raised.value, errors.PortalError)
    assert raised.value.status_code == answer().status_code
    assert len(portal.requests) == 1


def test_a_bad_request_carries_the_portal_message_and_hresult():
    portal = FakePortal(lambda request: envelope_error(400, EMPTY_LIST, -2147024809))
    with pytest.raises(errors.BadRequest) as raised:
        delete_once(portal.client())
    assert raised.value.message == EMPTY_LIST
    assert raised.value.hresult == -2147024809
    text = str(raised.value)
    assert text.startswith(
        "delete_invoices: 400 Bad Request for DELETE https://portal.test/api/2.0/crm/invoice"
    )
    assert raised.value.operation == "delete_invoices"
    assert EMPTY_LIST in text and "-2147024809" in text


def test_a_wrong_base_url_says_what_to_fix():
    # The mock portal prints its base URL with /api/2.0; pasted as the client's base_url, every
    # path doubles and the answer is a 404, which the generated client used to turn into None.
    portal = FakePortal(lambda request: httpx.Response(404, content=b"Not Found"))
    client = portal.client(base_url="https://portal.test/api/2.0")
    with pytest.raises(errors.UnexpectedStatus) as raised:
        list_once(client)
    assert portal.requests[0].url.path == "/api/2.0/api/2.0/crm/invoice/filter"
    assert "base_url" in str(raised.value) and "/api/2.0" in str(raised.value)


def test_the_happy_path_has_one_return_type():
    portal = FakePortal(lambda request: page([], total=0))
    assert isinstance(list_once(portal.client()), InvoiceListEnvelope)
    assert get_invoices.sync.__annotations__["return"] is InvoiceListEnvelope
    assert delete_invoices.asyncio.__annotations__["return"] is InvoiceListEnvelope


def test_the_option_off_returns_every_answer_from_the_detailed_functions():
    portal = FakePortal(lambda request: envelope_error(403, "Forbidden"))
    answer = get_invoices.sync_detailed(client=portal.client(raise_on_error_status=False))
    assert answer.status_code == 403
    assert isinstance(answer.parsed, ErrorEnvelope) and answer.parsed.error.message == "Forbidden"
    text = FakePortal(lambda request: unauthorized())
    answer = get_invoices.sync_detailed(client=text.client(raise_on_error_status=False))
    assert answer.parsed == "Unauthorized"


def test_with_the_option_off_sync_still_raises_rather_than_return_another_type():
    portal = FakePortal(lambda request: unauthorized())
    with pytest.raises(errors.Unauthorized):
        list_once(portal.client(raise_on_error_status=False))


def test_an_undocumented_status_with_everything_off_is_the_generators_none():
    portal = FakePortal(lambda request: httpx.Response(500, content=b"boom"))
    client = portal.client(raise_on_error_status=False)
    assert get_invoices.sync_detailed(client=client).parsed is None


@pytest.mark.slow
def test_the_base_url_the_mock_prints_with_its_path_raises_instead_of_none(running_portal):
    from onlyoffice_crm_client import AuthenticatedClient

    url, token = running_portal
    printed = f"{url}/api/2.0"  # a base URL with the API path added by hand
    client = AuthenticatedClient(base_url=printed, token=token, prefix="")
    with client, pytest.raises(errors.UnexpectedStatus) as raised:
        get_invoices.sync(client=client, count=1)
    assert raised.value.status_code == 404
    assert "base_url must be the portal's address alone" in str(raised.value)
