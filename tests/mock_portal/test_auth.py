"""Authentication forms and the 401/402/403 answers."""

from __future__ import annotations

import pytest

from tests.support.mock_data import ADMIN, DELETE, FILTER, USER, VISITOR, get


@pytest.mark.parametrize(
    "headers,cookies",
    [
        ({"Authorization": ADMIN}, None),
        ({"Authorization": f"Bearer {ADMIN}"}, None),
        ({}, {"asc_auth_key": ADMIN}),
        ({"Authorization": "wrong"}, {"asc_auth_key": ADMIN}),  # the cookie is looked at first
    ],
)
def test_token_forms_are_accepted(client, headers, cookies):
    client.cookies.clear()
    if cookies:
        client.cookies.update(cookies)
    answer = client.get(FILTER, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["total"] == 6


@pytest.mark.parametrize("path", [FILTER, FILTER + ".json", DELETE, "/", "/api/2.0/nowhere"])
@pytest.mark.parametrize("method", ["GET", "DELETE", "POST"])
def test_missing_token_is_401_text_html_everywhere(client, path, method):
    answer = client.request(method, path)
    assert answer.status_code == 401
    assert answer.text == "Unauthorized"
    # the portal's handler sets no content type, so ASP.NET's default goes out
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "www-authenticate" not in answer.headers


@pytest.mark.parametrize(
    "value", ["wrong", "Bearer wrong", f"bearer {ADMIN}", f"Basic {ADMIN}", ADMIN + "x", ""]
)
def test_bad_authorization_header_gets_www_authenticate(client, value):
    answer = client.get(FILTER, headers={"Authorization": value, "Host": "portal.example:8080"})
    assert answer.status_code == 401
    assert answer.text == "Unauthorized"
    assert answer.headers["www-authenticate"] == 'Basic Realm="portal.example"'


def test_bad_cookie_is_401_without_www_authenticate(client):
    client.cookies.update({"asc_auth_key": "wrong"})
    answer = client.get(FILTER)
    assert answer.status_code == 401
    assert "www-authenticate" not in answer.headers


def test_query_token_comes_first_and_hides_the_header(client):
    assert client.get(FILTER, params={"asc_auth_key": USER}).json()["total"] == 4
    # a token in the query is the one read, even when it is wrong and the header is right
    wrong = client.get(FILTER, params={"asc_auth_key": "x"}, headers={"Authorization": ADMIN})
    assert wrong.status_code == 401


def test_cookie_token_hides_the_header(client):
    client.cookies.update({"asc_auth_key": "wrong"})
    assert get(client, ADMIN).status_code == 401


def test_form_field_token(client):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = client.request("DELETE", DELETE, content=f"asc_auth_key={USER}&invoiceids=2",
                            headers=form)  # fmt: skip
    assert answer.status_code == 200
    assert [i["id"] for i in answer.json()["response"]] == [2]


def test_unknown_path_after_auth_is_404_envelope(client):
    answer = get(client, path="/api/2.0/crm/nothing")
    assert answer.status_code == 404
    assert answer.json()["status"] == 1
    assert answer.json()["statusCode"] == 404


def test_visitor_without_crm_access_gets_403(client):
    for answer in (
        get(client, VISITOR),
        client.request("DELETE", DELETE, headers={"Authorization": VISITOR}),
    ):
        assert answer.status_code == 403
        body = answer.json()
        assert body == {
            "status": 1,
            "statusCode": 403,
            "error": {"message": "Forbidden", "hresult": -2147467259, "data": {}},
        }


def test_unpaid_portal_answers_402_to_authenticated_requests(shop, portal_client):
    client = portal_client(shop.portal, unpaid=True)
    for token in (ADMIN, USER):
        answer = get(client, token)
        assert answer.status_code == 402
        assert answer.json() == {
            "status": 1,
            "statusCode": 402,
            "error": {"message": "PaymentRequired", "hresult": -2147467259, "data": {}},
        }
    assert get(client, "wrong").status_code == 401
    assert shop.portal.count("invoice") == 6


def test_payment_info_false_skips_the_payment_check(shop, portal_client):
    client = portal_client(shop.portal, unpaid=True)
    answer = client.get(FILTER, headers={"Authorization": ADMIN, "Payment-Info": "false"})
    assert answer.status_code == 200
    assert get(client).status_code == 402


@pytest.mark.parametrize(
    "params,status",
    [
        ({"issueDateFrom": "14.12.2020"}, 400),  # a conversion: before the payment filter
        ({"status": "nonsense"}, 400),
        ({"entityid": "x"}, 400),
        ({"entityType": "deal"}, 402),  # the operation's own check: after it
        ({}, 402),
    ],
)
def test_arguments_convert_before_the_payment_check(shop, portal_client, params, status):
    client = portal_client(shop.portal, unpaid=True)
    assert get(client, **params).status_code == status


def test_delete_checks_ids_before_and_after_the_filters(shop, portal_client):
    client = portal_client(shop.portal, visitor_token=VISITOR)
    bad = client.request("DELETE", DELETE, json={"invoiceids": ["x"]},
                         headers={"Authorization": VISITOR})  # fmt: skip
    empty = client.request("DELETE", DELETE, json={"invoiceids": []},
                           headers={"Authorization": VISITOR})  # fmt: skip
    assert (bad.status_code, empty.status_code) == (400, 403)


def test_error_answers_repeat_the_start_index_sent(shop, portal_client):
    client = portal_client(shop.portal, unpaid=True)
    for params in ({"startIndex": 5}, {"startIndex": 5, "status": "nonsense"}):
        body = get(client, **params).json()
        assert list(body)[:2] == ["startIndex", "status"] and body["startIndex"] == 5


def test_custom_tokens(shop, portal_client):
    client = portal_client(shop.portal, admin_token="a-secret", user_token="u-secret")
    assert get(client, "a-secret").json()["total"] == 6
    assert get(client, "u-secret").status_code == 200
    assert get(client, ADMIN).status_code == 401
