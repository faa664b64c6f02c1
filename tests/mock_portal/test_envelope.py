"""The envelope, the invoice item, dates, content types and the XML form."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.support.mock_data import ADMIN, DELETE, FILTER, USER, build_shop, delete, get, ids


def test_envelope_member_order_and_omission(client):
    body = get(client).json()
    assert list(body) == ["count", "total", "status", "statusCode", "response"]
    assert (body["count"], body["total"], body["status"], body["statusCode"]) == (6, 6, 0, 200)

    body = get(client, count=2).json()
    assert list(body) == ["count", "nextIndex", "total", "status", "statusCode", "response"]

    body = get(client, count=2, startIndex=2).json()
    assert list(body) == [
        "count", "startIndex", "nextIndex", "total", "status", "statusCode", "response",
    ]  # fmt: skip

    body = get(client, startIndex=10).json()
    # total is nullable: 0 is a value; count 0 is the default and left out
    assert body == {"startIndex": 10, "total": 10, "status": 0, "statusCode": 200, "response": []}
    assert get(client, status=5, currency="EUR").json() == {
        "total": 0, "status": 0, "statusCode": 200, "response": [],
    }  # fmt: skip


def test_error_envelope(client):
    answer = get(client, entityType="company")
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json; charset=UTF-8"
    assert answer.json() == {
        "status": 1,
        "statusCode": 400,
        "error": {
            "message": "Value does not fall within the expected range.",
            "hresult": -2147024809,
            "data": {},
        },
    }
    # the start index parsed from the query stays in the envelope, as on the portal
    assert list(get(client, entityType="x", startIndex=3).json()) == [
        "startIndex", "status", "statusCode", "error",
    ]  # fmt: skip


def test_json_content_type_and_accept_is_ignored(client):
    for path in (FILTER, FILTER + ".json"):
        answer = client.get(path, headers={"Authorization": ADMIN, "Accept": "text/xml"})
        assert answer.headers["content-type"] == "application/json; charset=UTF-8"
        assert answer.json()["count"] == 6


def test_invoice_item_as_administrator(client, shop):
    items = {item["id"]: item for item in get(client).json()["response"]}
    first = items[1]
    # the portal's order: the base class's id comes after the invoice's own members
    assert list(first) == [
        "status", "number", "issueDate", "templateType", "contact", "consignee", "entity",
        "dueDate", "language", "currency", "exchangeRate", "purchaseOrderNumber", "terms",
        "description", "fileID", "createOn", "createBy", "cost", "canEdit", "canDelete", "id",
    ]  # fmt: skip
    assert list(first["status"].items()) == [("title", "Draft"), ("id", 1)]
    assert first["number"] == "INV-0105"
    assert first["issueDate"] == "2021-01-10T00:00:00.0000000+03:00"
    assert first["dueDate"] == "2021-02-10T00:00:00.0000000+03:00"
    assert first["createOn"] == "2021-01-10T00:00:00.0000000+03:00"
    assert first["cost"] == 190.0  # 2 x 50 + 1 x 100 less 10 %
    assert first["fileID"] == -1
    assert first["entity"] == {
        "entityType": "opportunity",
        "entityId": shop.deal,
        "entityTitle": "Big deal",
    }
    assert first["contact"] == {
        "id": shop.acme,
        "smallFotoUrl": "http://localhost/HttpHandlers/filehandler.ashx"
        f"?action=contactphotoulr&cid={shop.acme}&isc=True&ps=1",
        "mediumFotoUrl": "http://localhost/HttpHandlers/filehandler.ashx"
        f"?action=contactphotoulr&cid={shop.acme}&isc=True&ps=2",
        "displayName": "Acme Ltd",
        "isCompany": True,
        "isPrivate": False,
        "isShared": True,
        "shareType": 1,
        "currency": {
            "title": "Euro", "symbol": "€", "abbreviation": "EUR", "cultureName": "EU",
            "isConvertable": True, "isBasic": True,
        },
        "canEdit": True,  # the administrator may edit every contact
        "canDelete": False,
    }  # fmt: skip
    assert first["consignee"] is None
    assert first["createBy"] == {
        "id": "4f6e9b8a-1c2d-4e3f-9a0b-000000000001",
        "displayName": "Alex Morgan",
        "title": "Portal administrator",
        "avatarSmall": "/skins/default/images/default_user_photo_size_32-32.png",
        "profileUrl": "http://localhost/Products/People/Profile.aspx?user=admin",
    }
    # private contact: the access list is present, with the members
    beta = items[2]["contact"]
    assert list(beta)[:6] == [
        "id",
        "smallFotoUrl",
        "mediumFotoUrl",
        "displayName",
        "isCompany",
        "accessList",
    ]
    assert [m["displayName"] for m in beta["accessList"]] == ["Alex Morgan", "Sam Taylor"]
    assert "title" not in beta["accessList"][1]  # empty title left out
    assert beta["isPrivate"] is True and beta["currency"] is None
    assert items[2]["consignee"]["id"] == shop.acme
    assert "title" not in items[2]["createBy"]
    # no contact, consignee or deal: keys present with null
    assert items[4]["contact"] is None and items[4]["consignee"] is None
    assert items[4]["entity"]["entityId"] == shop.deal
    assert items[3]["entity"] is None
    # no currency: the portal's default currency
    assert items[5]["currency"]["abbreviation"] == "USD"
    assert items[5]["description"] == ""
    assert {i: (v["canEdit"], v["canDelete"]) for i, v in items.items()} == {
        1: (True, True), 2: (False, True), 3: (False, True),
        4: (False, True), 5: (False, True), 6: (True, True),
    }  # fmt: skip


def test_can_edit_and_delete_for_regular_user(shop, portal_client):
    shop.portal.add_invoice(number="INV-0200", status=1, create_by="user")  # id 7: own draft
    shop.portal.add_invoice(number="INV-0201", status=1, create_by="admin")  # id 8
    client = portal_client(shop.portal)
    flags = {v["id"]: (v["canEdit"], v["canDelete"]) for v in get(client, USER).json()["response"]}
    assert flags == {
        1: (False, False), 2: (False, True), 4: (False, True), 5: (False, False),
        7: (True, True), 8: (False, False),
    }  # fmt: skip


@pytest.mark.parametrize(
    "zone,expected",
    [
        ("UTC", "2021-01-10T00:00:00.0000000Z"),
        ("Asia/Kolkata", "2021-01-10T00:00:00.0000000+05:30"),
        ("America/New_York", "2021-01-10T00:00:00.0000000-05:00"),
    ],
)
def test_dates_in_portal_zone(zone, expected, portal_client):
    client = portal_client(timezone=zone)
    client.app.state.portal.add_invoice(number="A", issue_date="2021-01-10", due_date="2021-07-10")
    item = get(client).json()["response"][0]
    assert item["issueDate"] == expected
    if zone == "America/New_York":
        assert item["dueDate"] == "2021-07-10T00:00:00.0000000-04:00"  # summer time


def test_seven_fraction_digits_round_trip(portal_client):
    import datetime as dt

    client = portal_client(timezone="Europe/Moscow")
    client.app.state.portal.add_invoice(
        number="A",
        issue_date="2021-01-10",
        create_on=dt.datetime(2021, 1, 9, 21, 0, 1, 123456, tzinfo=dt.UTC),
    )
    item = get(client).json()["response"][0]
    assert item["createOn"] == "2021-01-10T00:00:01.1234560+03:00"


def _xml(answer):
    assert answer.headers["content-type"] == "text/xml; charset=UTF-8"
    return ET.fromstring(answer.text)


def test_xml_shape(client):
    root = _xml(get(client, path=FILTER + ".xml", count=5))
    assert root.tag == "result"
    assert [child.tag for child in root][:5] == [
        "count",
        "nextIndex",
        "total",
        "status",
        "statusCode",
    ]
    items = root.findall("response")
    assert [int(i.findtext("id")) for i in items] == [2, 4, 6, 3, 1]
    by_id = {int(i.findtext("id")): i for i in items}
    assert by_id[1].findtext("canEdit") == "true" and by_id[1].findtext("canDelete") == "true"
    assert by_id[2].findtext("canEdit") == "false"
    assert by_id[1].findtext("cost") == "190"
    assert by_id[1].find("status").findtext("title") == "Draft"
    # null: an empty element; an empty string: an empty element
    assert by_id[4].find("contact") is not None and len(by_id[4].find("contact")) == 0
    assert by_id[4].find("contact").text is None
    # repeated array members
    assert [m.findtext("displayName") for m in by_id[2].find("contact").findall("accessList")] == [
        "Alex Morgan", "Sam Taylor",
    ]  # fmt: skip
    assert "<consignee />" in ET.tostring(by_id[1], encoding="unicode").replace(
        "<consignee/>", "<consignee />"
    )


def test_xml_text_form(shop, portal_client):
    client = portal_client(timezone="UTC")
    client.app.state.portal.add_invoice(number="A&B <1>", description="")
    text = get(client, path=FILTER + ".xml").text
    assert text.startswith("<result><count>1</count><total>1</total><status>0</status>")
    assert "<number>A&amp;B &lt;1&gt;</number>" in text
    # XmlNodeConverter: an empty string keeps an (empty) text node, a null writes none
    assert "<description></description>" in text and "<contact />" in text


def test_xml_errors_and_empty_answers(client):
    root = _xml(get(client, path=FILTER + ".xml", status="nope"))
    assert root.findtext("status") == "1" and root.findtext("statusCode") == "400"
    assert root.find("error").findtext("hresult") == "-2147024809"
    assert root.find("error").find("data") is not None
    # an empty list writes no element at all
    root = _xml(delete(client, path=DELETE + ".xml", params={"invoiceids": 999}))
    assert [c.tag for c in root] == ["status", "statusCode"]
    assert _xml(get(client, path="/api/2.0/nowhere.xml")).findtext("statusCode") == "404"


def test_xml_path_with_json_request_body_answers_json(client):
    answer = client.request(
        "GET",
        FILTER + ".xml",
        content=b"{}",
        headers={"Authorization": ADMIN, "Content-Type": "application/json"},
    )
    assert answer.headers["content-type"] == "application/json; charset=UTF-8"
    assert ids(answer) == [2, 4, 6, 3, 1, 5]


def test_paths_are_case_insensitive_but_suffixes_are_not(client):
    assert get(client, path="/API/2.0/CRM/Invoice/Filter.json").json()["total"] == 6
    assert get(client, path=FILTER + ".XML").status_code == 404
    tml = get(client, path=FILTER + ".tml")
    assert tml.headers["content-type"] == "text/xml; charset=UTF-8"
    assert tml.text.startswith("<result>")


def test_method_not_allowed(client):
    for method, path, allow in (
        ("POST", FILTER, "GET"), ("DELETE", FILTER + ".json", "GET"), ("HEAD", FILTER, "GET"),
        ("GET", DELETE, "DELETE"), ("PUT", DELETE + ".xml", "DELETE"),
    ):  # fmt: skip
        answer = client.request(method, path, headers={"Authorization": ADMIN})
        assert answer.status_code == 405
        assert answer.headers["allow"] == allow
        if method != "HEAD":
            assert "405" in answer.text
    assert client.request("POST", FILTER).status_code == 401  # auth comes first


def test_hand_built_data_set_via_fresh_portal(portal_client):
    client = portal_client()
    build_shop(client.app.state.portal)
    assert ids(get(client)) == [2, 4, 6, 3, 1, 5]


def test_every_answer_carries_a_fresh_etag_and_max_age_zero(client):
    # ApiHttpHandlerBase.RespondTo: SetETag(Guid.NewGuid().ToString("N")) and SetMaxAge(0),
    # on list, delete and error answers alike
    answers = [
        get(client),
        get(client),
        get(client, path=FILTER + ".xml"),
        get(client, status="nonsense"),
        delete(client, {"invoiceids": [999]}),
    ]
    tags = [a.headers["etag"] for a in answers]
    assert all(len(t) == 32 and int(t, 16) >= 0 for t in tags)
    assert len(set(tags)) == len(tags)  # never the same twice
    assert {a.headers["cache-control"] for a in answers} == {"private, max-age=0"}
