"""What the generated client puts on the wire, and how it reads every documented answer.

No network: httpx.MockTransport records each request and answers as a portal would.
"""

import datetime
import json
import re

import httpx
from hypothesis import given
from hypothesis import strategies as st
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import delete_invoices, get_invoices
from onlyoffice_crm_client.models import (
    DeleteInvoicesRequest,
    InvoiceEntityType,
    InvoiceListEnvelope,
    InvoiceSortBy,
    InvoiceStatus,
    SortOrder,
)

BASE = "https://portal.test"
EMPTY = {"status": 0, "statusCode": 200, "response": []}

# The input formats of the portal's date parser (exact formats, .NET TryParseExact).
PORTAL_DATE_INPUTS = [
    r"\d{4}-\d{2}-\d{2}",
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{7}|\.\d{3})?(Z|[+-]\d{2}:\d{2})?",
    r"\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(\.\d{7}|\.\d{3})?(Z|[+-]\d{2}:\d{2})?",
]


def portal_accepts_date(text: str) -> bool:
    return any(re.fullmatch(pattern, text) for pattern in PORTAL_DATE_INPUTS)


class Portal:
    """A recording transport with a canned answer."""

    def __init__(self, status=200, body=EMPTY, content_type="application/json; charset=UTF-8"):
        self.requests: list[httpx.Request] = []
        self.status, self.body, self.content_type = status, body, content_type

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        content = self.body if isinstance(self.body, str) else json.dumps(self.body)
        return httpx.Response(
            self.status, content=content.encode(), headers={"Content-Type": self.content_type}
        )

    def client(self, **kwargs) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=BASE, token="864FE52C-TOKEN", prefix="",
            httpx_args={"transport": httpx.MockTransport(self)}, **kwargs,
        )  # fmt: skip


def test_delete_sends_the_ids_as_a_json_body():
    portal = Portal()
    delete_invoices.sync(client=portal.client(), body=DeleteInvoicesRequest(invoiceids=[12, 34]))
    (request,) = portal.requests
    assert request.method == "DELETE"
    assert request.url == f"{BASE}/api/2.0/crm/invoice"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"invoiceids": [12, 34]}


def test_the_raw_token_is_the_authorization_header():
    portal = Portal()
    get_invoices.sync(client=portal.client())
    assert portal.requests[0].headers["Authorization"] == "864FE52C-TOKEN"


def test_get_sends_every_filter_as_a_query_parameter_and_no_body():
    portal = Portal()
    get_invoices.sync(
        client=portal.client(),
        status=InvoiceStatus.SENT,
        issue_date_from=datetime.date(2020, 1, 1),
        issue_date_to=datetime.date(2020, 12, 31),
        due_date_from=datetime.date(2021, 1, 1),
        due_date_to=datetime.date(2021, 3, 31),
        entity_type=InvoiceEntityType.OPPORTUNITY,
        entityid=123445,
        currency="EUR",
        count=25,
        start_index=50,
        sort_by=InvoiceSortBy.ISSUEDATE,
        sort_order=SortOrder.DESCENDING,
        filter_value="INV-12 shop",
    )
    (request,) = portal.requests
    assert request.method == "GET"
    assert request.url.path == "/api/2.0/crm/invoice/filter"
    assert request.content == b""
    assert dict(request.url.params.multi_items()) == {
        "status": "2",
        "issueDateFrom": "2020-01-01",
        "issueDateTo": "2020-12-31",
        "dueDateFrom": "2021-01-01",
        "dueDateTo": "2021-03-31",
        "entityType": "opportunity",
        "entityid": "123445",
        "currency": "EUR",
        "count": "25",
        "startIndex": "50",
        "sortBy": "issueDate",
        "sortOrder": "descending",
        "filterValue": "INV-12 shop",
    }


def test_unset_filters_are_not_sent():
    portal = Portal()
    get_invoices.sync(client=portal.client())
    assert portal.requests[0].url.query == b""


@given(st.dates())
def test_every_date_filter_the_client_can_send_is_one_the_portal_accepts(day):
    portal = Portal()
    get_invoices.sync(client=portal.client(), issue_date_from=day, due_date_to=day)
    params = portal.requests[0].url.params
    assert portal_accepts_date(params["issueDateFrom"]), params["issueDateFrom"]
    assert portal_accepts_date(params["dueDateTo"]), params["dueDateTo"]


def test_the_portal_date_rule_rejects_what_isoformat_writes_for_a_datetime():
    # Why the bounds are typed as dates: a datetime's isoformat() has six fractional digits.
    moment = datetime.datetime(2020, 1, 1, 10, 0, 0, 123456, tzinfo=datetime.UTC)
    assert not portal_accepts_date(moment.isoformat())
    assert portal_accepts_date("2020-01-01T10:00:00.1234567+00:00")


def test_an_envelope_is_parsed():
    body = {"count": 1, "total": 1, "status": 0, "statusCode": 200, "response": []}
    parsed = get_invoices.sync(client=Portal(body=body).client())
    assert isinstance(parsed, InvoiceListEnvelope)
    assert (parsed.count, parsed.total, parsed.response) == (1, 1, [])
