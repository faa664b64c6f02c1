"""DELETE invoice: id forms, permissions, the answer and the transaction."""

from __future__ import annotations

import pytest

from mock_portal import Portal
from tests.support.mock_data import ADMIN, DELETE, USER, delete, get, ids


def remaining(shop):
    return shop.portal.invoice_ids()


def test_admin_deletes_listed_invoices_and_their_lines(client, shop):
    lines_before = shop.portal.count("invoice_line")  # 2 + 1 + 1 + 1 + 1 + 1
    answer = delete(client, {"invoiceids": [3, 1, 99]})
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["count", "status", "statusCode", "response"]
    assert body["count"] == 2
    assert [i["id"] for i in body["response"]] == [1, 3]  # database order
    # built after the lines were removed: cost 0 (invoice 1 cost 190 before)
    assert [i["cost"] for i in body["response"]] == [0.0, 0.0]
    assert body["response"][0]["number"] == "INV-0105"
    assert body["response"][0]["canDelete"] is True
    assert remaining(shop) == [2, 4, 5, 6]
    assert shop.portal.count("invoice_line") == lines_before - 3
    assert ids(get(client)) == [2, 4, 6, 5]


def test_words_go_with_the_invoice(client, shop):
    words = shop.portal.count("invoice_word")
    delete(client, {"invoiceids": [2]})
    assert shop.portal.count("invoice_word") == words - 4  # inv-0101 cloud server migration
    assert ids(get(client, filterValue="cloud")) == []


@pytest.mark.parametrize(
    "query,expected",
    [
        ("invoiceids=2&invoiceids=4", [2, 4]),
        ("invoiceids[]=5", [5]),
        ("invoiceids[]=5&invoiceids[]=6", [5, 6]),
        ("invoiceids[1]=6&invoiceids[0]=5", [5, 6]),
        ("InvoiceIds[0]=2&invoiceids[]=4", [2, 4]),
        ("InvoiceIds=6", [6]),
        ("invoiceids=6&invoiceids=6", [6]),
        ("invoiceids=%2B3", [3]),
        ("invoiceids=1&invoiceids=", [1]),
    ],
)
def test_ids_from_the_query_string(client, shop, query, expected):
    answer = client.request("DELETE", f"{DELETE}?{query}", headers={"Authorization": ADMIN})
    assert ids(answer) == expected
    assert sorted(set(remaining(shop)) | set(expected)) == [1, 2, 3, 4, 5, 6]


def test_ids_from_a_form_body(client, shop):
    answer = client.request(
        "DELETE",
        DELETE,
        content=b"invoiceids=6&invoiceids=2",
        headers={"Authorization": ADMIN, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert ids(answer) == [2, 6]


def test_ids_from_query_and_body_together(client, shop):
    answer = client.request(
        "DELETE",
        DELETE + "?invoiceids=1",
        json={"invoiceids": [2]},
        headers={"Authorization": ADMIN},
    )
    assert ids(answer) == [1, 2]


@pytest.mark.parametrize(
    "body,expected",
    [
        ({"invoiceids": 4}, [4]),
        ({"invoiceids": [4.0]}, [4]),  # a whole number in float form
        ({"invoiceids": ["4"]}, [4]),
        ({"invoiceids": [" 4 "]}, [4]),
        ({"InvoiceIDs": [4, 5]}, [4, 5]),
        ({"invoiceids": [4], "other": {"x": 1}}, [4]),
    ],
)
def test_json_body_forms(client, body, expected):
    assert ids(delete(client, body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        None,
        {},
        {"invoiceids": []},
        {"invoiceids": None},
        {"invoiceids": [None]},
        {"invoiceids": ""},
        {"ids": [1]},
    ],
)
def test_missing_or_empty_list_is_400(client, shop, body):
    answer = delete(client, body)
    assert answer.status_code == 400
    assert answer.json() == {
        "status": 1,
        "statusCode": 400,
        "error": {
            "message": "Value does not fall within the expected range.",
            "hresult": -2147024809,
            "data": {},
        },
    }
    assert remaining(shop) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "ids_value",
    [
        ["abc"],
        [1, "x"],
        [1.5],
        [True],
        [2147483648],
        [-2147483649],
        ["1,2"],
        [[1]],
        ["0x"],
        ["0x1G"],
        ["0x100000000"],
        ["1e2"],
    ],
)
def test_non_integer_id_is_400_and_deletes_nothing(client, shop, ids_value):
    answer = delete(client, {"invoiceids": ids_value})
    if ids_value == [[1]]:
        # a nested array names no argument the portal reads: the list is empty
        assert answer.json()["error"]["message"] == "Value does not fall within the expected range."
    assert answer.status_code == 400
    assert answer.json()["status"] == 1
    assert remaining(shop) == [1, 2, 3, 4, 5, 6]


def test_regular_user_deletes_exactly_own_invoices(client, shop):
    answer = delete(client, {"invoiceids": [1, 2, 3, 4, 5, 6]}, token=USER)
    assert answer.status_code == 200
    # 1, 3, 5: created by the administrator; 6 is the user's own, though its contact (Gamma)
    # is private to others: the creator may delete it, and its contact is null in the answer
    assert ids(answer) == [2, 4, 6]
    assert [i["canDelete"] for i in answer.json()["response"]] == [True, True, True]
    assert answer.json()["response"][2]["contact"] is None
    assert remaining(shop) == [1, 3, 5]


def test_nothing_deletable_is_200_with_empty_response(client, shop):
    for token, body in ((USER, {"invoiceids": [3, 1]}), (ADMIN, {"invoiceids": [0, -1, 77]})):
        answer = delete(client, body, token=token)
        assert answer.status_code == 200
        assert answer.json() == {"status": 0, "statusCode": 200, "response": []}
    assert remaining(shop) == [1, 2, 3, 4, 5, 6]


def test_deleting_twice_reports_once(client, shop):
    assert ids(delete(client, {"invoiceids": [5]})) == [5]
    assert ids(delete(client, {"invoiceids": [5]})) == []


def test_delete_answer_goes_through_the_list_cut(client, shop):
    # DELETE's list passes the same count/startIndex post-processing as any list
    body = client.request(
        "DELETE",
        DELETE + "?count=2",
        json={"invoiceids": [1, 2, 3, 4, 5]},
        headers={"Authorization": ADMIN},
    ).json()
    assert [i["id"] for i in body["response"]] == [1, 2]
    assert (body["count"], body["nextIndex"], body["total"]) == (2, 3, 5)
    assert remaining(shop) == [6]


def test_delete_is_one_transaction(client, shop):
    lines = shop.portal.count("invoice_line")
    # fails after the lines were deleted, when the invoices are
    with shop.portal.db.write() as conn:
        conn.execute(
            "CREATE TRIGGER disk_on_fire BEFORE DELETE ON invoice "
            "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
        )
    answer = delete(client, {"invoiceids": [1, 2, 3]})
    assert answer.status_code == 500
    assert answer.json()["status"] == 1
    with shop.portal.db.write() as conn:
        conn.execute("DROP TRIGGER disk_on_fire")
    assert remaining(shop) == [1, 2, 3, 4, 5, 6]
    assert shop.portal.count("invoice_line") == lines
    assert get(client).json()["response"][4]["cost"] == 190.0
    assert ids(delete(client, {"invoiceids": [1]})) == [1]


def test_delete_answer_has_a_total_only_when_a_count_was_sent(portal_client):
    # ApiSmartListResponceFilter writes total when the count sent is below the items answered;
    # without a count there is none, even past the page size of 1000
    portal = Portal(invoices=1002)
    try:
        client = portal_client(portal)
        every = portal.invoice_ids()
        body = delete(client, {"invoiceids": every[:1001]}).json()
        assert "total" not in body and body["count"] == 1000
        body = client.request(
            "DELETE", DELETE + "?count=0", json={"invoiceids": every[1001:]},
            headers={"Authorization": ADMIN},
        ).json()  # fmt: skip
        assert body["total"] == 1 and body["count"] == 1
    finally:
        portal.close()
