"""Checking recorded traffic against the spec (contract.har): recordings of the mock portal
pass, drifted answers and requests outside the contract are each named with the operation and
the place, and a file that is not a HAR is a usage error."""

from __future__ import annotations

import json
import warnings

import pytest

from contract.har import check_har, main
from mock_portal import create_app
from tests.contract import drift
from tests.contract.harrecord import write_har
from tests.support.paths import SPEC

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TOKEN = "har-admin-token"
FILTER = "/api/2.0/crm/invoice/filter"
AUTH = {"Authorization": TOKEN}


def client(drifted=None) -> TestClient:
    app = create_app(invoices=30, seed=5, admin_token=TOKEN)
    return TestClient(drifted(app) if drifted else app)


def browse(portal: TestClient) -> list:
    """What a user's session records: lists, filters, XML, deletes, a 401, other traffic."""
    ids = [1, 2, 3]  # of the 30 generated invoices
    return [
        portal.get(FILTER, headers=AUTH),
        portal.get(
            FILTER,
            params={"count": 5, "status": 2, "sortBy": "issueDate", "sortOrder": "descending"},
            headers=AUTH,
        ),  # fmt: skip
        portal.get(FILTER + ".xml", params={"count": 3}, headers=AUTH),
        portal.get(FILTER),  # no token: 401
        portal.request(
            "DELETE", "/api/2.0/crm/invoice", json={"invoiceids": ids[:2]}, headers=AUTH
        ),
        portal.request(
            "DELETE", "/api/2.0/crm/invoice.xml", params={"invoiceids": ids[2]}, headers=AUTH
        ),  # fmt: skip
        portal.get("/favicon.ico"),  # not an operation of the contract
    ]


def test_a_recording_of_the_mock_portal_has_no_mismatch(tmp_path):
    har = write_har(tmp_path / "mock.har", browse(client()))
    found, checked, skipped = check_har(har, SPEC)
    assert [str(m) for m in found] == []
    assert (checked, skipped) == (6, 1)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (drift.pascal_case, "getInvoices: response 200 body: $: 'status' is a required property"),
        (drift.six_digit_dates, "getInvoices: response 200 body: $.response[0].issueDate"),
        (drift.dotnet_xml_booleans, "getInvoicesXml: response"),
    ],
)
def test_a_recording_of_a_drifted_portal_names_operation_and_place(tmp_path, make, expected):
    har = write_har(tmp_path / "drifted.har", browse(client(make)))
    found, _, _ = check_har(har, SPEC)
    lines = [str(m) for m in found]
    assert any(expected in line for line in lines), lines


def test_requests_outside_the_contract_are_mismatches(tmp_path):
    portal = client()
    recorded = [
        portal.get(FILTER, params={"count": "many"}, headers=AUTH),
        portal.get(FILTER, params={"pageSize": 10}, headers=AUTH),
        portal.request("DELETE", "/api/2.0/crm/invoice", json={"invoiceids": "1,2"}, headers=AUTH),
    ]
    found, _, _ = check_har(write_har(tmp_path / "requests.har", recorded), SPEC)
    places = {(m.entry, m.operation, m.place) for m in found}
    assert (1, "getInvoices", "query count") in places
    assert (2, "getInvoices", "query pageSize") in places
    assert (3, "deleteInvoices", "request body") in places


def test_the_command_exit_codes(tmp_path, capsys):
    good = write_har(tmp_path / "good.har", browse(client()))
    bad = write_har(tmp_path / "bad.har", browse(client(drift.without_status_code)))
    assert main([str(good), "--spec", str(SPEC)]) == 0
    assert main([str(bad), "--spec", str(SPEC)]) == 1
    out = capsys.readouterr().out
    assert "bad.har: entry 1 getInvoices: response 200 body" in out
    (tmp_path / "not.har").write_text(json.dumps({"entries": []}))
    assert main([str(tmp_path / "not.har"), "--spec", str(SPEC)]) == 2
    assert "not a HAR file" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.har"), "--spec", str(SPEC)]) == 2
