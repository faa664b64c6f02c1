"""Proof that the contract checks can fail: each deliberately drifted portal is reported, with
the failure that names its drift. An unchanged portal passes the same checks
(test_inprocess.py), so each failure here is the drift's doing."""

import pytest

from mock_portal import create_app
from tests.contract import drift
from tests.contract.inprocess import TOKEN, contract_failures, stateful_failure

# Hypothesis runs of every operation: seconds each.
pytestmark = pytest.mark.slow


def portal():
    return create_app(invoices=40, seed=7, admin_token=TOKEN)


def reported(failures: list[str], *needles: str) -> bool:
    return any(all(n in f for n in needles) for f in failures)


@pytest.mark.parametrize(
    ("make", "operation", "needles"),
    [
        (drift.pascal_case, "GET /api/2.0/crm/invoice/filter", ("Response violates schema",)),
        (drift.without_status_code, "DELETE /api/2.0/crm/invoice", ('"statusCode" is a required',)),
        (drift.server_error_on_empty_ids, "DELETE /api/2.0/crm/invoice", ("Server error",)),
        (drift.six_digit_dates, "GET /api/2.0/crm/invoice/filter", ("does not match",)),
        (
            drift.dotnet_xml_booleans,
            "GET /api/2.0/crm/invoice/filter.xml",
            ('is not of type "boolean"',),
        ),
        (
            drift.share_type_apart_from_privacy,
            "GET /api/2.0/crm/invoice/filter",
            ("private is exactly shareType 0",),
        ),
        (
            drift.deletable_contacts,
            "GET /api/2.0/crm/invoice/filter",
            ("canDelete is always false",),
        ),
        (
            drift.escaped_wildcards,
            "GET /api/2.0/crm/invoice/filter",
            ("LIKE wildcards",),
        ),
        (
            drift.sort_by_names_only,
            "GET /api/2.0/crm/invoice/filter",
            ("sort enum",),
        ),
    ],
    ids=[
        "pascal-case",
        "no-statusCode",
        "500-on-empty-ids",
        "six-digit-dates",
        "xml-True-False",
        "shareType-apart-from-isPrivate",
        "deletable-contacts",
        "wildcards-escaped",
        "sortBy-names-only",
    ],
)
def test_drift_is_reported(make, operation, needles):
    failures = contract_failures(make(portal()), max_examples=15, only=operation)
    assert reported(failures, operation, *needles), failures[:5]


def test_a_portal_that_needs_no_token_is_reported():
    failures = contract_failures(drift.no_token_needed(portal(), TOKEN), max_examples=10,
                                 only="GET /api/2.0/crm/invoice/filter")  # fmt: skip
    assert reported(failures, "authentication"), failures[:5]


def test_a_portal_that_deletes_what_may_not_be_deleted_is_reported():
    failure = stateful_failure(lambda: drift.deletes_what_may_not_be_deleted(portal()),
                               max_examples=100)  # fmt: skip
    assert failure is not None
    assert "was deleted though its canDelete is not true" in str(failure)


def test_a_portal_that_keeps_deleted_invoices_is_reported():
    failure = stateful_failure(lambda: drift.keeps_deleted_invoices(portal()), max_examples=100)
    assert failure is not None
    assert "reported deleted earlier are listed again" in str(failure)
