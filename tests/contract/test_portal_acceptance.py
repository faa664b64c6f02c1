"""The portal's documented leniency, as the contract checks apply it: every request that the
acceptance rules call accepted is answered 200 by the mock portal, and every other one is
refused with a 400. (The two are written independently: the rules from the behaviour
reference's list of lenient parameters, the mock portal from the whole reference.)"""

import json
from urllib.parse import urlencode

import pytest

from contract import portal_acceptance
from contract.hooks import spec
from tests.contract.inprocess import TOKEN
from tests.support.portal import client_for

FILTER = "/api/2.0/crm/invoice/filter"

QUERIES = [
    [("count", "abc")],
    [("count", "-5"), ("startIndex", "-3")],
    [("sortBy", "nonsense"), ("sortOrder", "DESCENDING")],
    [("status", "7")],
    [("status", "abc")],
    [("entityType", "deal"), ("entityid", "3")],
    [("entityType", "contact"), ("entityid", "x")],
    [("entityid", ""), ("entityid", "junk")],  # the first of repeated values counts
    [("entityid", "junk"), ("entityid", "")],
    [("issueDateFrom", "2020-01-01T10-00-00")],
    [("issueDateFrom", "2020-13-01")],
    [("dueDateTo", "14.12.2020")],
    [("issueDateTo", "2020-12-14T22:13:41.537823+03:00")],  # six digits
    [("currency", "eur"), ("filterValue", "'; DROP TABLE invoice; --")],
    # status: labels as written, else a comma list of numbers and names OR-ed as flags
    [("status", "1,2")],
    [("status", "Draft, paid")],
    [("status", "Billed")],
    [("status", "billed")],
    [("status", "1,")],
    [("status", "1_0")],
    # integers in hex, as .NET's Int32Converter reads them
    [("entityType", "contact"), ("entityid", "0x1F")],
    [("entityType", "contact"), ("entityid", "#ffffffff")],
    [("entityType", "contact"), ("entityid", "0x")],
    [("entityType", "contact"), ("entityid", "0x100000000")],
    [("startIndex", str(2**31)), ("count", "0")],
]
BODIES = [
    {"invoiceids": 5},
    {"invoiceids": "5"},
    {"invoiceids": [1.0]},
    {"invoiceids": [1.5]},
    {"invoiceids": []},
    {"invoiceids": [2**31]},
    {"invoiceids": ["x"]},
    {"invoiceids": ["0x1", "&h2"]},
    {"invoiceids": ["0xZ"]},
    {"ids": [1]},
]


def contract_checks(path: str, method: str) -> dict:
    operation = spec().document["paths"][path][method]
    return {
        p["name"]: spec().validator(p["schema"]).is_valid
        for p in (spec().resolve(x) for x in operation["parameters"])
    }


@pytest.fixture(scope="module")
def portal():
    with client_for(invoices=20, admin_token=TOKEN) as client:
        yield client


@pytest.mark.parametrize("pairs", QUERIES, ids=[urlencode(q) for q in QUERIES])
def test_query_acceptance_matches_the_portal(portal, pairs):
    query: dict[str, list[str]] = {}
    for name, value in pairs:
        query.setdefault(name, []).append(value)
    accepted = portal_acceptance.query_accepted(query, contract_checks(FILTER, "get"))
    answer = portal.get(f"{FILTER}?{urlencode(pairs)}", headers={"Authorization": TOKEN})
    assert answer.status_code == (200 if accepted else 400), answer.text[:200]


@pytest.mark.parametrize("body", BODIES, ids=[json.dumps(b) for b in BODIES])
def test_delete_body_acceptance_matches_the_portal(portal_client, body):
    portal = portal_client(invoices=20, admin_token=TOKEN)
    accepted = portal_acceptance.delete_body_accepted(body)
    answer = portal.request(
        "DELETE", "/api/2.0/crm/invoice", json=body, headers={"Authorization": TOKEN}
    )
    assert answer.status_code == (200 if accepted else 400), answer.text[:200]


def test_the_rules_do_accept_and_refuse_something():
    # Guards the two tests above against a rule set that accepts, or refuses, everything.
    checks = contract_checks(FILTER, "get")
    verdicts = set()
    for pairs in QUERIES:
        query: dict[str, list[str]] = {}
        for name, value in pairs:
            query.setdefault(name, []).append(value)
        verdicts.add(portal_acceptance.query_accepted(query, checks))
    assert verdicts == {True, False}
    assert {portal_acceptance.delete_body_accepted(b) for b in BODIES} == {True, False}
