"""Property: for random filters the portal answers what a plain Python filter over the
administrator's full list gives (same ids, same order, same paging numbers)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_portal import Portal
from tests.support.mock_data import USER, get
from tests.support.portal import client_for

ZONE = "Asia/Yekaterinburg"  # +05:00
USER_UUID = "4f6e9b8a-1c2d-4e3f-9a0b-000000000002"


@pytest.fixture(scope="module")
def world():
    portal = Portal(timezone=ZONE, invoices=400, seed=7)
    client = client_for(portal)
    everything = []
    start = 0
    while True:  # page with startIndex + count, the right way
        page = get(client, count=100, startIndex=start).json()
        everything += page["response"]
        if "nextIndex" not in page:
            break
        start += 100
    assert len(everything) == 400
    yield client, everything
    portal.close()


def instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def day(text: str) -> dt.datetime:
    y, m, d = map(int, text.split("-"))
    return dt.datetime(y, m, d, tzinfo=ZoneInfo(ZONE))


def tokens(item):
    return [t.lower() for t in (item["number"] + " " + item["description"]).split(" ") if t]


def matches(item, f):
    if f.get("status") is not None and item["status"]["id"] != f["status"]:
        return False
    if f.get("currency") and item["currency"]["abbreviation"] != f["currency"].upper():
        return False
    for name, key in (("issueDate", "issueDate"), ("dueDate", "dueDate")):
        when = instant(item[key])
        if f.get(name + "From") and when < day(f[name + "From"]):
            return False
        if f.get(name + "To") and when > day(f[name + "To"]) + dt.timedelta(days=1, minutes=-1):
            return False
    kind = (f.get("entityType") or "").lower()
    if kind == "contact" and (item["contact"] or {}).get("id") != f["entityid"]:
        return False
    if kind == "opportunity" and (item["entity"] or {}).get("entityId") != f["entityid"]:
        return False
    if f.get("filterValue"):
        words = [w.lower() for w in f["filterValue"].split(" ") if w]
        have = tokens(item)
        if not all(any(t.startswith(w) for t in have) for w in words):
            return False
    return True


def visible_to_user(item):
    contact = item["contact"]
    if contact is None or not contact["isPrivate"]:
        return True
    return USER_UUID in [m["id"] for m in contact["accessList"]]


def ordered(items, sort_by, descending):
    sort_by = (sort_by or "number").lower()
    if sort_by == "cost":  # no sort key: the generic list code sorts by the property, stably
        by_number = sorted(items, key=lambda i: i["number"])
        return sorted(by_number, key=lambda i: i["cost"], reverse=descending)
    if sort_by not in {"number", "issuedate", "duedate", "status", "id", "contact"}:
        sort_by, descending = "number", False
    if sort_by == "number":
        return sorted(items, key=lambda i: i["number"], reverse=descending)
    if sort_by == "id":
        return sorted(items, key=lambda i: i["id"], reverse=descending)
    if sort_by == "contact":
        by_number = sorted(items, key=lambda i: i["number"])
        with_contact = [i for i in by_number if i["contact"] is not None]
        with_contact.sort(key=lambda i: i["contact"]["displayName"], reverse=descending)
        return with_contact + [i for i in by_number if i["contact"] is None]
    field = {"issuedate": "issueDate", "duedate": "dueDate"}.get(sort_by)
    if field:
        return sorted(items, key=lambda i: (instant(i[field]), i["id"]), reverse=descending)
    return sorted(items, key=lambda i: (i["status"]["id"], i["id"]), reverse=descending)


dates = st.dates(dt.date(2018, 12, 1), dt.date(2025, 3, 1)).map(lambda d: d.isoformat())


@st.composite
def filters(draw, everything):
    f = {}
    if draw(st.booleans()):
        f["status"] = draw(st.sampled_from([1, 2, 3, 4, 5, 9]))
    if draw(st.booleans()):
        # USD is left out: an invoice without currency shows USD but stores none
        f["currency"] = draw(
            st.sampled_from(["EUR", "eur", "RUB", "Gbp", "CNY", "JPY", "KZT", "XYZ"])
        )
    for name in ("issueDateFrom", "issueDateTo", "dueDateFrom", "dueDateTo"):
        if draw(st.integers(0, 3)) == 0:
            f[name] = draw(dates)
    kind = draw(st.sampled_from([None, None, "contact", "opportunity"]))
    if kind == "contact":
        f["entityType"] = draw(st.sampled_from(["contact", "Contact"]))
        f["entityid"] = draw(
            st.sampled_from([i["contact"]["id"] for i in everything if i["contact"]])
        )
    elif kind == "opportunity":
        f["entityType"] = "opportunity"
        f["entityid"] = draw(
            st.sampled_from([i["entity"]["entityId"] for i in everything if i["entity"]])
        )
    if draw(st.integers(0, 2)) == 0:
        item = draw(st.sampled_from(everything))
        words = draw(st.lists(st.sampled_from(tokens(item)), min_size=1, max_size=2))
        cut = [w[: draw(st.integers(1, len(w)))] for w in words]
        f["filterValue"] = " ".join(w.upper() if draw(st.booleans()) else w for w in cut)
    return f


@st.composite
def requests(draw, everything):
    f = draw(filters(everything))
    sort_by = draw(
        st.sampled_from(
            [None, "number", "issueDate", "dueDate", "status", "id", "contact", "Contact", "cost"]
        )
    )
    descending = draw(st.booleans())
    count = draw(st.sampled_from([1, 3, 10, 50, 1000]))
    start = draw(st.sampled_from([0, 0, 1, 5, 20, 399, 500]))
    return f, sort_by, descending, count, start


@pytest.mark.slow  # a hundred generated examples or more: about a second
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_filter_matches_a_plain_python_model(world, data):
    client, everything = world
    f, sort_by, descending, count, start = data.draw(requests(everything))
    query = dict(f, count=count, startIndex=start)
    if sort_by:
        query["sortBy"] = sort_by
    if descending:
        query["sortOrder"] = "descending"
    expected = ordered(
        [i for i in everything if matches(i, f)], sort_by, descending and bool(sort_by)
    )
    page = get(client, **query).json()
    # an unknown sort key (cost) takes every match and ignores startIndex
    skip = 0 if sort_by == "cost" else start
    window = expected[skip : skip + count]
    assert [i["id"] for i in page["response"]] == [i["id"] for i in window]
    if sort_by == "cost":
        # nextIndex: a full page and more matches past the startIndex sent than `count`
        more = len(expected) - start > count
        full = len(expected) > count
    else:
        more = full = len(expected) > start + count
    assert page.get("nextIndex") == (start + count + 1 if more else None)
    assert page["total"] == (len(expected) if full else start + len(window))

    # the regular user: the same filter over the invoices they may see; with an unknown sort
    # key, nothing at all as soon as one match is hidden from them
    mine = [i for i in expected if visible_to_user(i)]
    if sort_by == "cost" and len(mine) < len(expected):
        mine = []
    page = get(client, USER, **query).json()
    assert [i["id"] for i in page["response"]] == [i["id"] for i in mine[skip : skip + count]]


def test_model_sees_both_private_kinds(world):
    _, everything = world
    private = [i for i in everything if i["contact"] and i["contact"]["isPrivate"]]
    assert any(visible_to_user(i) for i in private) and not all(visible_to_user(i) for i in private)
