"""Inputs past Python's limits: integers of thousands of digits and lone surrogates answer as
the portal would (a 400, or the value ignored), never a 500, and change nothing."""

from __future__ import annotations

import pytest

from mock_portal import Portal
from tests.support.mock_data import ADMIN, DELETE, FILTER, build_shop
from tests.support.portal import client_for

HUGE = "9" * 5000  # past Python's 4,300-digit conversion limit
ZEROS = "0" * 5000 + "2"  # a small number, written long


@pytest.fixture(scope="module")
def shop_client():
    portal = Portal()
    build_shop(portal)
    client = client_for(portal)
    yield client
    assert portal.invoice_ids() == [1, 2, 3, 4, 5, 6]


def get(client, **params):
    return client.get(FILTER, params=params, headers={"Authorization": ADMIN})


@pytest.mark.parametrize("name", ["status", "entityid"])
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE])
def test_an_argument_of_thousands_of_digits_is_an_int32_overflow(shop_client, name, value):
    answer = get(shop_client, **{name: value})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["message"] == (
        "Value was either too large or too small for an Int32."
    )


def test_a_page_size_of_thousands_of_digits_is_ignored_like_any_overflow(shop_client):
    """ulong.TryParse fails: the default page size holds, as for 2^64."""
    for value in (HUGE, str(2**64)):
        answer = get(shop_client, count=value)
        assert answer.status_code == 200, answer.text
        assert answer.json()["count"] == 6


def test_a_start_index_of_thousands_of_digits_is_ignored_like_any_overflow(shop_client):
    for value in (HUGE, str(2**63)):
        answer = get(shop_client, startIndex=value)
        assert answer.status_code == 200, answer.text
        assert answer.json()["count"] == 6


def test_leading_zeros_do_not_count_as_digits(shop_client):
    answer = get(shop_client, count=ZEROS)
    assert answer.status_code == 200
    assert answer.json()["count"] == 2


def test_a_delete_id_of_thousands_of_digits_is_a_400_and_deletes_nothing(shop_client):
    answer = shop_client.request(
        "DELETE", DELETE, params={"invoiceids": ["1", HUGE]}, headers={"Authorization": ADMIN}
    )
    assert answer.status_code == 400, answer.text


def test_a_lone_surrogate_in_a_json_body_matches_nothing(shop_client):
    answer = shop_client.request(
        "GET",
        FILTER,
        content=b'{"currency": "\\ud800"}',
        headers={"Authorization": ADMIN, "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["response"] == []
