"""The guards of live runs, without a portal: the delete filter and cap (contract.disposable),
what a delete may name (hooks.confine_ids) and the page a list may ask for (hooks.small_page)."""

from __future__ import annotations

import pytest

from contract.disposable import DisposableError, parse_cap, parse_filter
from contract.hooks import confine_ids, confine_query, small_page

LIST_FILTERS = ["status", "currency", "filterValue", "count", "startIndex", "entityType"]


def test_a_filter_is_a_query_string_of_list_filters():
    assert parse_filter("currency=XTS&status=1", LIST_FILTERS) == [
        ("currency", "XTS"),
        ("status", "1"),
    ]
    assert parse_filter("?filterValue=CONTRACT-TEST", LIST_FILTERS) == [
        ("filterValue", "CONTRACT-TEST")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("currency", "not a query string"),
        ("curency=XTS", "'curency' is not a getInvoices filter"),
        ("count=5", "count is paging, not a filter"),
        ("currency=", "currency has no value"),
        ("filterValue=%", "holds % or _, which a portal reads as wildcards"),
        ("filterValue=CONTRACT_TEST", "holds % or _"),
    ],
)
def test_a_filter_that_could_match_every_invoice_is_refused(text, message):
    with pytest.raises(DisposableError, match=message):
        parse_filter(text, LIST_FILTERS)


def test_the_cap_defaults_to_five_and_must_be_a_small_positive_number():
    assert parse_cap(None) == 5 and parse_cap("") == 5 and parse_cap("12") == 12
    for bad in ("0", "-1", "all", "1e3", "1001"):
        with pytest.raises(DisposableError, match="CONTRACT_MAX_DELETES"):
            parse_cap(bad)


@pytest.mark.parametrize(
    "body",
    [
        {"invoiceids": [123445, -7, 2147483647]},
        {"invoiceids": ["12", " 13", "+14", "1e3"]},
        {"invoiceids": [float("nan"), float("inf"), 3.5]},
        {"invoiceids": [[1, [2]], {"x": 9}]},
        [5, "6"],
    ],
)
def test_a_delete_names_only_allowed_ids_and_never_a_placeholder(body):
    allowed = [41, 42]
    confined = confine_ids(body, allowed)

    def leaves(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from leaves(item)
        elif isinstance(value, list):
            for item in value:
                yield from leaves(item)
        else:
            yield value

    for leaf in leaves(confined):
        assert leaf in allowed or str(leaf) in {"41", "42"}, (body, confined)


def test_text_without_digits_and_the_body_shape_are_kept():
    assert confine_ids({"invoiceids": ["abc", True, None]}, [7]) == {
        "invoiceids": ["abc", True, None]
    }
    assert confine_ids(b"ids=12,13", [7]) == b"ids=7,7"


def test_a_delete_query_sends_no_list_inside_a_list_whose_text_could_name_other_ids():
    # a query value is sent as text: [[6], ["false", -4.2e15]] would go as "[[41], ['false', 42]]"
    query = {"invoiceids": [[6], ["false", -4.2e15], {"a": [1]}, "9", "x"], "count": 3}
    confined = confine_query(query, [41, 42])
    assert confined["count"] in (41, 42)
    for item in confined["invoiceids"]:
        assert not isinstance(item, list | dict), confined
        assert item == "x" or str(item) in {"41", "42"}, confined


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"count": 20}),
        ({"count": 5, "status": 1}, {"count": 5, "status": 1}),
        ({"count": "7"}, {"count": "7"}),
        ({"count": 21}, {"count": 20}),
        ({"count": -1}, {"count": 20}),  # the portal ignores it: 1,000 invoices
        ({"count": "abc"}, {"count": 20}),
        ({"COUNT": 5, "count": 6}, {"count": 20}),  # repeated under names the portal equates
        ({"count": True}, {"count": 20}),
    ],
)
def test_a_list_request_asks_for_at_most_the_page(query, expected):
    assert small_page(query, 20) == expected
