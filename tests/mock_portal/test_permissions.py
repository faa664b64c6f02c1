"""The portal's permission model: who may delete, which embedded contacts and deals a reader
sees, a contact's canEdit and share type, and a seed that holds every combination."""

from __future__ import annotations

import pytest

from mock_portal import Portal
from mock_portal.handbuilt import InvalidData
from tests.support.mock_data import ADMIN, USER, delete, get, ids


@pytest.fixture
def private_world(portal: Portal):
    """Contacts of each kind, a private deal per audience, and invoices combining them."""
    p = portal
    c = {
        "hidden": p.add_contact("Hidden Co", is_company=True, private=True, access=["admin"]),
        "listed": p.add_contact("Listed Person", private=True, access=["user"]),
        "rw": p.add_contact("Writable Ltd", is_company=True, share_type=1),
        "read": p.add_contact("Readonly Ltd", is_company=True, share_type=2),
    }
    d = {
        "hidden": p.add_deal("Secret deal", private=True, access=["admin"]),
        "listed": p.add_deal("Shared deal", private=True, access=["user"]),
        "open": p.add_deal("Open deal"),
    }
    p.add_invoice(number="A1", contact=c["hidden"], create_by="user")  # 1: own, unreadable
    p.add_invoice(number="A2", contact=c["read"], consignee=c["hidden"], deal=d["hidden"])  # 2
    p.add_invoice(number="A3", contact=c["listed"], consignee=c["rw"], deal=d["listed"])  # 3
    p.add_invoice(number="A4", contact=c["rw"], deal=d["open"], create_by="user")  # 4
    return c, d


def by_id(answer):
    return {item["id"]: item for item in answer.json()["response"]}


def test_creator_deletes_own_invoice_whose_contact_is_private_to_others(
    private_world, portal_client, portal
):
    client = portal_client(portal)
    assert 1 not in ids(get(client, USER))  # not listed to the user...
    answer = delete(client, {"invoiceids": [1, 2]}, token=USER)
    assert ids(answer) == [1]  # ...yet deletable by its creator; 2 is not theirs
    assert answer.json()["response"][0]["contact"] is None  # still unreadable in the answer
    assert portal.invoice_ids() == [2, 3, 4]


def test_embedded_objects_the_reader_may_not_read_are_null(private_world, portal_client, portal):
    contacts, deals = private_world
    client = portal_client(portal)
    mine = by_id(get(client, USER))
    assert sorted(mine) == [2, 3, 4]
    assert mine[2]["contact"]["id"] == contacts["read"]
    assert mine[2]["consignee"] is None and mine[2]["entity"] is None
    assert mine[3]["contact"]["id"] == contacts["listed"]
    assert mine[3]["entity"]["entityId"] == deals["listed"]
    assert mine[4]["entity"]["entityId"] == deals["open"]
    admin = by_id(get(client, ADMIN))
    assert admin[2]["consignee"]["id"] == contacts["hidden"]
    assert admin[2]["entity"]["entityId"] == deals["hidden"]
    assert admin[1]["contact"]["id"] == contacts["hidden"]


def test_delete_answer_hides_what_the_reader_may_not_read(private_world, portal_client, portal):
    portal.add_invoice(number="A5", consignee=private_world[0]["hidden"],
                       deal=private_world[1]["hidden"], create_by="user")  # fmt: skip
    answer = delete(portal_client(portal), {"invoiceids": [5]}, token=USER)
    (item,) = answer.json()["response"]
    assert item["consignee"] is None and item["entity"] is None


def test_contact_can_edit_follows_share_type_and_access_list(private_world, portal_client, portal):
    contacts, _ = private_world
    client = portal_client(portal)

    def can_edit(token):
        seen = {}
        for item in get(client, token).json()["response"]:
            for slot in ("contact", "consignee"):
                if item[slot] is not None:
                    seen[item[slot]["id"]] = item[slot]["canEdit"]
        return seen

    assert can_edit(USER) == {contacts["listed"]: True, contacts["rw"]: True,
                              contacts["read"]: False}  # fmt: skip
    assert set(can_edit(ADMIN).values()) == {True}
    every = [item[s] for item in get(client, ADMIN).json()["response"]
             for s in ("contact", "consignee") if item[s]]  # fmt: skip
    assert {c["canDelete"] for c in every} == {False}


def test_is_private_is_exactly_share_type_none(private_world, portal_client, portal):
    client = portal_client(portal)
    seen = [item[s] for item in get(client, ADMIN).json()["response"]
            for s in ("contact", "consignee") if item[s]]  # fmt: skip
    assert {(c["shareType"], c["isPrivate"], c["isShared"]) for c in seen} == {
        (0, True, False), (1, False, True), (2, False, True)
    }  # fmt: skip
    assert all(("accessList" in c) == c["isPrivate"] for c in seen)


def test_impossible_combinations_are_refused(portal):
    with pytest.raises(InvalidData):
        portal.add_contact("Shared with a list", share_type=2, access=["user"])
    with pytest.raises(InvalidData):
        portal.add_contact("Private yet shared", private=True, share_type=1)
    with pytest.raises(InvalidData):
        portal.add_contact("Unknown share", share_type=3)
    with pytest.raises(InvalidData):
        portal.add_deal("Open with a list", access=["user"])


def test_seed_holds_every_combination_the_model_tells_apart(portal_client):
    client = portal_client(invoices=40, seed=5)
    admin, user = by_id(get(client, ADMIN)), by_id(get(client, USER))
    contacts = [i[s] for i in admin.values() for s in ("contact", "consignee") if i[s]]
    assert {c["shareType"] for c in contacts} == {0, 1, 2}
    assert all(c["isPrivate"] == (c["shareType"] == 0) for c in contacts)
    assert all(("accessList" in c) == c["isPrivate"] for c in contacts)
    # the user's own invoice on a contact private to others: hidden from them, yet deletable
    own_hidden = [i for i in admin if i not in user and admin[i]["createBy"]["displayName"]
                  == "Sam Taylor"]  # fmt: skip
    assert own_hidden
    # a readable invoice with an unreadable consignee, and one with an unreadable deal
    assert any(admin[i]["consignee"] and user[i]["consignee"] is None for i in user)
    assert any(admin[i]["entity"] and user[i]["entity"] is None for i in user)
    # a private deal the user reads
    assert any(admin[i]["entity"] and user[i]["entity"] for i in user if i == 5)
    assert ids(delete(client, {"invoiceids": own_hidden[:1]}, token=USER)) == own_hidden[:1]
