"""Authentication forms and the 401/402/403 answers."""

from __future__ import annotations

import pytest

from tests.support.mock_data import ADMIN, DELETE, FILTER, USER, VISITOR, get


@pytest.mark.parametrize(
    "headers,cookies",
    [
        ({"Authorization": ADMIN}, None),
        ({"Authorization": f"Bearer {ADMIN}"}, None),
        ({"Authorization": f"bearer {ADMIN}"}, None),
        ({}, {"asc_auth_key": ADMIN}),
        ({"Authorization": "wrong"}, {"asc_auth_key": ADMIN}),
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
def test_missing_token_is_401_plain_text_everywhere(client, path, method):
    answer = client.request(method, path)
    assert answer.status_code == 401
    assert answer.text == "Unauthorized"
    assert answer.headers["content-type"].startswith("text/plain")
    assert "www-authenticate" not in answer.headers


@pytest.mark.parametrize("value", ["wrong", "Bearer wrong", f"Basic {ADMIN}", ADMIN + "x", ""])
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
            "error": {"message": "Access Denied", "hresult": -2146233078, "data": {}},
        }


def test_unpaid_portal_answers_402_to_authenticated_requests(shop, portal_client):
    client = portal_client(shop.portal, unpaid=True)
    for token in (ADMIN, USER):
        answer = get(client, token)
        assert answer.status_code == 402
        assert answer.json()["statusCode"] == 402
        assert answer.json()["status"] == 1
    assert get(client, "wrong").status_code == 401
    assert shop.portal.count("invoice") == 6


def test_custom_tokens(shop, portal_client):
    client = portal_client(shop.portal, admin_token="a-secret", user_token="u-secret")
    assert get(client, "a-secret").json()["total"] == 6
    assert get(client, "u-secret").status_code == 200
    assert get(client, ADMIN).status_code == 401
