"""The generated data set: deterministic from the seed, and covering every case."""

from __future__ import annotations

import sqlite3

import pytest

from mock_portal import Portal
from mock_portal.build import DatabaseFileError
from tests.support.mock_data import USER, get
from tests.support.portal import client_for

ADMIN_UUID = "4f6e9b8a-1c2d-4e3f-9a0b-000000000001"
USER_UUID = "4f6e9b8a-1c2d-4e3f-9a0b-000000000002"


def test_same_seed_same_data_in_memory_and_on_disk(tmp_path):
    first = Portal(invoices=300, seed=5)
    second = Portal(str(tmp_path / "a.sqlite"), invoices=300, seed=5)
    third = Portal(invoices=300, seed=6)
    try:
        assert first.digest() == second.digest()
        assert first.digest() != third.digest()
        assert first.count("invoice") == 300
    finally:
        for p in (first, second, third):
            p.close()


def test_existing_file_is_reused_not_regenerated(tmp_path):
    path = str(tmp_path / "b.sqlite")
    first = Portal(path, invoices=50, seed=1)
    first.delete_invoices(first.user("admin"), [1, 2])
    first.close()
    again = Portal(path, invoices=999, seed=2)  # options for a new data set are ignored
    assert again.count("invoice") == 48
    assert again.seed == 1
    again.close()


@pytest.fixture(scope="module")
def thousand():
    portal = Portal(invoices=1000, seed=1)
    client = client_for(portal)
    items = get(client, count=1000).json()["response"]
    assert len(items) == 1000
    yield portal, client, items
    portal.close()


def test_thousand_invoices_cover_every_case(thousand):
    portal, client, items = thousand
    assert {i["status"]["id"] for i in items} == {1, 2, 3, 4, 5}
    assert {i["templateType"] for i in items} == {0, 1}
    assert len({i["currency"]["abbreviation"] for i in items}) >= 5
    for key in ("contact", "consignee", "entity"):
        assert any(i[key] is None for i in items), key
        assert any(i[key] is not None for i in items), key
    creators = {i["createBy"]["id"] for i in items}
    assert {ADMIN_UUID, USER_UUID} <= creators
    assert any(i["description"] == "" for i in items)
    assert any(i["purchaseOrderNumber"] for i in items)
    assert {i["fileID"] > 0 for i in items} == {True, False}
    years = {i["issueDate"][:4] for i in items}
    assert len(years) >= 5
    assert all(i["number"].startswith("INV-") for i in items)
    assert len({i["number"] for i in items}) == 1000
    assert any(i["cost"] > 0 for i in items)
    private = [i["contact"] for i in items if i["contact"] and i["contact"]["isPrivate"]]
    readable = [c for c in private if USER_UUID in [m["id"] for m in c["accessList"]]]
    assert readable and len(readable) < len(private)
    assert any(not i["contact"]["isPrivate"] for i in items if i["contact"])
    assert any(i["contact"]["isCompany"] for i in items if i["contact"])
    assert any(not i["contact"]["isCompany"] for i in items if i["contact"])


def test_generated_links_and_words_are_reachable_through_filters(thousand):
    portal, client, items = thousand
    deal = next(i["entity"]["entityId"] for i in items if i["entity"])
    assert get(client, entityType="opportunity", entityid=deal).json()["response"]
    word = next(i["description"].split(" ")[1] for i in items if i["description"].count(" ") >= 1)
    found = get(client, filterValue=word[:3]).json()["response"]
    assert found and all(
        any(
            t.lower().startswith(word[:3].lower())
            for t in (f["number"] + " " + f["description"]).split(" ")
        )
        for f in found
    )
    # the regular user sees fewer invoices than the administrator
    assert get(client, USER, count=1000).json()["count"] < 1000


def _set_meta(path: str, key: str, value: str | None) -> None:
    conn = sqlite3.connect(path)
    try:
        if value is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
        conn.commit()
    finally:
        conn.close()


def test_file_of_another_schema_version_is_refused_not_rebuilt(tmp_path):
    path = str(tmp_path / "old.sqlite")
    Portal(path, invoices=5).close()
    _set_meta(path, "schema", "0")
    with pytest.raises(DatabaseFileError, match=r"schema 0.*delete it") as refused:
        Portal(path, invoices=5)
    assert "\n" not in str(refused.value)
    _set_meta(path, "schema", None)  # a file from before the version was written
    with pytest.raises(DatabaseFileError, match=r"schema None"):
        Portal(path, invoices=5)
    with sqlite3.connect(path) as conn:  # the data is left as it was
        assert conn.execute("SELECT COUNT(*) FROM invoice").fetchone()[0] == 5


def test_unfinished_or_foreign_file_is_refused(tmp_path):
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("not a database")
    with pytest.raises(DatabaseFileError, match="not a complete mock portal database"):
        Portal(str(foreign))
    path = str(tmp_path / "half.sqlite")
    Portal(path, invoices=5).close()
    _set_meta(path, "complete", None)
    with pytest.raises(DatabaseFileError, match="not a complete mock portal database"):
        Portal(path)
