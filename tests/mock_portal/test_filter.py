"""GET invoice/filter: every filter rule against the hand-built data set.

Number order of the shop is [2, 4, 6, 3, 1, 5] (see tests.support.mock_data.Shop)."""

from __future__ import annotations

import pytest

from mock_portal import Portal
from tests.support.mock_data import ADMIN, FILTER, USER, build_shop, get, ids

ALL = [2, 4, 6, 3, 1, 5]


# --- status --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1", [6, 1]), ("draft", [6, 1]), ("DRAFT", [6, 1]), (" 1 ", [6, 1]), ("+1", [6, 1]),
        ("2", [2]), ("Sent", [2]), ("sent", [2]), ("Billed", [2]),
        ("3", [3]), ("Rejected", [3]), ("4", [4]), ("Paid", [4]), ("PAID", [4]),
        ("5", [5]), ("Archived", [5]), ("Archive", [5]),
        ("0", []), ("6", []), ("-1", []), ("2147483647", []), ("", ALL),
        # a comma list is OR-ed as flags: 1 | 2 is 3 (Rejected), Draft | Paid is 5 (Archived)
        ("1,2", [3]), ("Draft,Sent", [3]), ("draft, paid", [5]), ("1,1", [6, 1]),
    ],
)  # fmt: skip
def test_status_forms(client, value, expected):
    answer = get(client, status=value)
    assert answer.status_code == 200
    assert ids(answer) == expected


# the English labels match only as written: "billed" and "archive" are no member name
@pytest.mark.parametrize(
    "value", ["foo", "Drafts", "1.0", "billed", "archive", "BILLED", "Billed,Paid", "1,", "２"]
)
def test_unknown_status_text_is_400(client, value):
    answer = get(client, status=value)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == f"Requested value '{value}' was not found."


def test_repeated_status_uses_first_value_and_names_ignore_case(client):
    assert ids(client.get(FILTER + "?status=1&status=4", headers={"Authorization": ADMIN})) == [
        6,
        1,
    ]
    assert ids(client.get(FILTER + "?STATUS=4", headers={"Authorization": ADMIN})) == [4]


def _get_with_body(client, body, query=""):
    return client.request("GET", FILTER + query, json=body, headers={"Authorization": ADMIN})


def test_arguments_from_a_json_body_query_first(client, shop):
    assert ids(_get_with_body(client, {"status": 4})) == [4]
    assert ids(_get_with_body(client, {"status": "paid"})) == [4]
    assert ids(_get_with_body(client, {"status": [3, 4]})) == [3]  # an array: first value
    assert ids(_get_with_body(client, {"status": 4}, "?status=2")) == [2]  # query wins
    assert ids(_get_with_body(client, {"currency": "eur", "Status": 1})) == [6, 1]
    assert ids(_get_with_body(client, {"entityType": "contact", "entityid": shop.acme})) == [1, 5]
    assert ids(_get_with_body(client, {"status": None})) == ALL  # null reads as empty
    # list parameters come from the query string only
    assert len(ids(_get_with_body(client, {"count": 1, "sortBy": "id"}))) == 6


# --- dates ---------------------------------------------------------------------------------------

SAME_INSTANT = [  # all mean 2021-02-01 00:00 at +03:00
    "2021-02-01",
    "2021-02-01T00:00:00",
    "2021-02-01T00-00-00",
    "2021-02-01T00:00:00.000",
    "2021-02-01T00-00-00.000",
    "2021-02-01T00:00:00.0000000",
    "2021-02-01T00-00-00.0000000",
    "2021-02-01T00:00:00+03:00",
    "2021-02-01T00-00-00+03:00",
    "2021-01-31T21:00:00Z",
    "2021-01-31T21-00-00.000Z",
    "2021-01-31T21:00:00.0000000Z",
    "2021-01-31T21:00:00.0000000+00:00",
    "2021-01-31T16:00:00.000-05:00",
]


@pytest.mark.parametrize("value", SAME_INSTANT)
def test_accepted_date_formats(client, value):
    answer = get(client, issueDateFrom=value)
    assert answer.status_code == 200
    assert ids(answer) == [4, 6, 3, 5]  # issued on or after 2021-02-01


def test_an_offset_without_a_colon_is_accepted_and_shifted_twice(client):
    # ApiDateTime.Parse takes the offset from the text only when its last six characters hold
    # a colon; `K` still reads +0300, and then the portal zone's offset (+03:00) is subtracted
    # once more: 02:00+0300 is 20:00 UTC the day before, not 23:00
    with_colon = ids(get(client, issueDateFrom="2021-02-01T02:00:00+03:00"))
    without = ids(get(client, issueDateFrom="2021-02-01T02:00:00+0300"))
    assert with_colon == [4, 6, 5]  # invoice 3, issued on 2021-02-01, starts at 21:00 UTC
    assert without == [4, 6, 3, 5]
    assert ids(get(client, issueDateFrom="2021-02-01T05:00:00+0000")) == [4, 6, 5]


@pytest.mark.parametrize(
    "value",
    [
        "2021-02-01T00:00:00.000000",  # six digits: what Python's isoformat() writes
        "2021-02-01T00:00:00.00",
        "2021-02-01T00:00:00.0",
        "2021-02-01T00:00:00.00000000",
        "2021-02-01T00:00",
        "2021-02-01T00",
        "2021-02-01 00:00:00",
        "2021/02/01",
        "01.02.2021",
        "2021-2-1T00:00:00",
        "20210201T000000",
        "2021-02-01T00:00:00+03",
        "2021-02-01T00:00:00+15:00",
        "2021-02-01T00:00:00+03:60",
        "2021-02-30",
        "2021-13-01",
        "2021-02-01T24:00:00",
        "2021-02-01T00:60:00",
        "0000-01-01",
        "2021-02-01T00:00:00-03:00Z",
        "٢٠٢١-٠٢-٠١",
        "2021-02-01T00:00-00",
        " 2021-02-01",
        "2021-02-01\x00",
    ],
)
def test_rejected_date_formats(client, value):
    for name in ("issueDateFrom", "issueDateTo", "dueDateFrom", "dueDateTo"):
        answer = get(client, **{name: value})
        assert answer.status_code == 400, (name, value)
        error = answer.json()["error"]
        assert error["message"] == f"invalid date time format: {value}"
        assert error["hresult"] == -2147024809


def test_short_date_text_message(client):
    assert get(client, issueDateTo="today").json()["error"]["message"] == "invalid date time format"


def test_date_bounds_are_inclusive_and_to_is_widened(client):
    assert ids(get(client, issueDateTo="2021-01-20")) == [2, 1]
    assert ids(get(client, issueDateTo="2021-01-19")) == [1]
    # To + 1 day - 1 minute: 2021-01-19T00:01 reaches 2021-01-20T00:00
    assert ids(get(client, issueDateTo="2021-01-19T00:01:00")) == [2, 1]
    assert ids(get(client, issueDateTo="2021-01-19T00:00:59")) == [1]
    assert ids(get(client, issueDateFrom="2021-01-10", issueDateTo="2021-01-20")) == [2, 1]
    assert ids(get(client, dueDateFrom="2021-03-15", dueDateTo="2021-03-31")) == [4, 6]
    assert ids(get(client, dueDateTo="2021-02-10")) == [2, 1]
    assert ids(get(client, issueDateFrom="2021-03-01", dueDateTo="2021-03-31")) == [6]


def test_date_bounds_to_the_tick(portal_client):
    client = portal_client(timezone="Europe/Moscow")
    portal = client.app.state.portal
    for n, stamp in enumerate(
        [
            "2021-05-01T23:58:59",
            "2021-05-01T23:59:00",
            "2021-05-01T23:59:00.000001",
            "2021-05-02T00:00:00",
        ]
    ):
        portal.add_invoice(number=f"N{n}", issue_date=stamp)
    assert ids(get(client, issueDateTo="2021-05-01")) == [1, 2]
    assert ids(get(client, issueDateFrom="2021-05-01T23:59:00.0000001")) == [3, 4]
    assert ids(get(client, issueDateFrom="2021-05-01T20:59:00.0000000Z")) == [2, 3, 4]
    assert ids(get(client, issueDateFrom="2021-05-01T20:59:00.0000001Z")) == [3, 4]


def test_dates_without_offset_use_the_portal_zone(portal_client):
    client = portal_client(timezone="UTC")
    client.app.state.portal.add_invoice(number="A", issue_date="2021-01-10T00:00:00")
    assert ids(get(client, issueDateFrom="2021-01-10")) == [1]
    assert ids(get(client, issueDateFrom="2021-01-10T00:00:00+01:00")) == [1]
    assert ids(get(client, issueDateFrom="2021-01-10T00:00:00-01:00")) == []


# --- entity --------------------------------------------------------------------------------------


def test_entity_filters(client, shop):
    assert ids(get(client, entityType="contact", entityid=shop.acme)) == [1, 5]
    assert ids(get(client, entityType="Contact", entityId=shop.gamma)) == [6, 3]
    assert ids(get(client, entityType="opportunity", entityid=shop.deal)) == [4, 1]
    assert ids(get(client, entityType="OPPORTUNITY", entityid=shop.deal)) == [4, 1]
    # every invoice is stored linked to a deal: a case id, even one a deal has, matches none
    assert ids(get(client, entityType="case", entityid=shop.deal)) == []
    assert ids(get(client, entityType="CASE", entityid=1)) == []
    assert ids(get(client, entityType="contact", entityid=999)) == []
    # entityType without an id filters nothing
    assert ids(get(client, entityType="contact")) == ALL
    assert ids(get(client, entityType="contact", entityid=0)) == ALL


@pytest.mark.parametrize("value", ["company", "person", "deal", "contacts", "invoice", "1"])
def test_unknown_entity_type_is_400(client, value):
    answer = get(client, entityType=value, entityid=1)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "Value does not fall within the expected range."


def test_entity_id_without_usable_condition_gives_empty_list(client, shop):
    answer = get(client, entityid=shop.acme)
    assert answer.json() == {"total": 0, "status": 0, "statusCode": 200, "response": []}
    assert ids(get(client, entityType="contact", entityid=-3)) == []
    # with another filter the entity part is just ignored
    assert ids(get(client, entityid=shop.acme, status=1)) == [6, 1]
    assert ids(get(client, entityType="contact", entityid=-3, currency="EUR")) == [4, 6, 1]


@pytest.mark.parametrize(
    "value", ["abc", "1.5", "2147483648", "-2147483649", "1e3", "0x", "0x1G", "0x100000000"]
)
def test_entity_id_must_be_int32(client, value):
    answer = get(client, entityType="contact", entityid=value)
    assert answer.status_code == 400


@pytest.mark.parametrize("prefix", ["0x", "0X", "&h", "#"])
def test_entity_id_in_hex(client, shop, prefix):
    # .NET's Int32Converter reads hexadecimal after these prefixes
    assert ids(get(client, entityType="contact", entityid=f"{prefix}{shop.acme:x}")) == [1, 5]
    assert get(client, entityType="contact", entityid=f"{prefix}FFFFFFFF").json()["total"] == 0


# --- currency ------------------------------------------------------------------------------------


def test_currency(client):
    assert ids(get(client, currency="EUR")) == [4, 6, 1]
    assert ids(get(client, currency="eur")) == [4, 6, 1]
    assert ids(get(client, currency="Eur")) == [4, 6, 1]
    # invoice 5 shows the default currency (USD) but has none stored
    assert ids(get(client, currency="USD")) == [2]
    assert ids(get(client, currency="XYZ")) == []
    assert ids(get(client, currency="EUR", status=1)) == [6, 1]


# --- filterValue ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("serv", [2, 4, 6]), ("server", [2, 4]), ("SERVER", [2, 4]), ("rver", []),
        ("support", [6, 1]), ("support renewal", [1]), ("support serv", [6]),
        ("renewal support", [1]), ("  support   renewal ", [1]), ("support nothing", []),
        ("inv-010", ALL), ("INV-0103", [6]), ("0103", []), ("inv", ALL),
        ("serv,ice", [2, 4, 6]),  # a single value is cut at the first comma
        ("'", []), ("migration cloud", [2]),
    ],
)  # fmt: skip
def test_filter_value_matches_word_starts(client, value, expected):
    assert ids(get(client, filterValue=value)) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        ("%", ALL), ("_", ALL), ("%_%", ALL),  # every number has a first character
        ("INV_0103", [6]), ("inv_010_", ALL), ("s_rv", [2, 4, 6]), ("S_RV", [2, 4, 6]),
        ("%rack", [4]),  # % first: anywhere in the text
        ("cloud%migration", [2]),  # % spans the space between words
        ("s_rv rack", [4]), ("%rack support", []),  # words are AND-ed
        ("0103", []), ("_0103", []),  # a word starts the text or follows a space, not a `-`
    ],
)  # fmt: skip
def test_filter_value_wildcards_act_as_in_sql_like(client, value, expected):
    # AbstractDao.BuildLike + LikeExp: `word%` or `% word%`, with `%` and `_` never escaped
    assert ids(get(client, filterValue=value)) == expected


def test_filter_value_wildcards_in_a_users_search(client):
    # the regular user does not see 3 and 6 (Gamma's): the wildcard path filters them too
    assert ids(get(client, USER, filterValue="%")) == [2, 4, 1, 5]
    assert ids(get(client, USER, filterValue="inv_010%", count=2)) == [2, 4]


def test_filter_value_of_spaces_only_gives_empty_list(client):
    assert ids(get(client, filterValue="   ")) == []
    assert ids(get(client, filterValue="")) == ALL


def test_filter_value_with_more_words_than_any_invoice(client):
    words = " ".join(f"w{n}" for n in range(200))
    assert get(client, filterValue=words).json()["response"] == []


# --- sorting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sort_by,order,expected",
    [
        (None, None, ALL),
        ("number", None, ALL),
        ("number", "descending", [5, 1, 3, 6, 4, 2]),
        ("Number", "descending", [5, 1, 3, 6, 4, 2]),
        ("number", "Descending", ALL),  # only the exact lower-case word
        ("number", "desc", ALL),
        (None, "descending", ALL),  # no sortBy: number ascending, order ignored
        ("issueDate", None, [1, 2, 3, 4, 5, 6]),
        ("ISSUEDATE", "descending", [6, 5, 4, 3, 2, 1]),
        ("dueDate", None, [2, 1, 3, 4, 6, 5]),
        ("duedate", "descending", [5, 6, 4, 3, 1, 2]),
        ("status", None, [1, 6, 2, 3, 4, 5]),
        ("status", "descending", [5, 4, 3, 2, 6, 1]),
        ("id", None, [1, 2, 3, 4, 5, 6]),
        ("id", "descending", [6, 5, 4, 3, 2, 1]),
        ("contact", None, [1, 5, 2, 6, 3, 4]),  # no contact last, then number
        ("contact", "descending", [6, 3, 2, 1, 5, 4]),
        # no sort key: every match sorted by the invoice's cost, stably (ties in number order)
        ("cost", "descending", [1, 4, 6, 3, 5, 2]),
        ("Cost", None, [2, 4, 6, 3, 5, 1]),
        ("nonsense", "descending", ALL),  # no such property: number order
        ("", "descending", ALL),
    ],
)
def test_sorting(client, sort_by, order, expected):
    query = {}
    if sort_by is not None:
        query["sortBy"] = sort_by
    if order is not None:
        query["sortOrder"] = order
    assert ids(get(client, **query)) == expected


# --- paging --------------------------------------------------------------------------------------


def test_paging_arithmetic(client):
    page = get(client, count=2).json()
    assert [i["id"] for i in page["response"]] == [2, 4]
    assert (page["count"], page["nextIndex"], page["total"]) == (2, 3, 6)
    page = get(client, count=2, startIndex=2).json()
    assert [i["id"] for i in page["response"]] == [6, 3]
    assert (page["startIndex"], page["nextIndex"], page["total"]) == (2, 5, 6)
    # the last page: no nextIndex, total = startIndex + items on the page
    page = get(client, count=2, startIndex=4).json()
    assert [i["id"] for i in page["response"]] == [1, 5]
    assert "nextIndex" not in page and page["total"] == 6
    page = get(client, count=4, startIndex=3).json()
    assert [i["id"] for i in page["response"]] == [3, 1, 5]
    assert "nextIndex" not in page and page["total"] == 6
    # startIndex = nextIndex skips an invoice: the trap the spec documents
    page = get(client, count=2, startIndex=3).json()
    assert [i["id"] for i in page["response"]] == [3, 1]
    # exactly count rows left: no more rows, so no nextIndex
    page = get(client, count=3, startIndex=3).json()
    assert "nextIndex" not in page and page["total"] == 6


@pytest.mark.parametrize(
    "query,expected",
    [
        ("count=abc", ALL), ("count=-5", ALL), ("count=", ALL), ("count=1.5", ALL),
        ("count=99999999999999999999999", ALL), ("count=%2B2", [2, 4]), ("count=2,4", [2, 4]),
        ("count[]=2&count=5", [2, 4]), ("count=2&count=5", [2, 4]), ("COUNT=1", [2]),
        ("startIndex=-3", ALL), ("startIndex=abc", ALL), ("startIndex=4", [1, 5]),
        ("startIndex=99999999999999999999", ALL), ("startindex=5", [5]),
        ("count=1&startIndex=1", [4]),
    ],
)  # fmt: skip
def test_list_parameter_parsing(client, query, expected):
    assert ids(client.get(f"{FILTER}?{query}", headers={"Authorization": ADMIN})) == expected


def test_count_zero_returns_one_item_and_full_total(client):
    # the portal fetches count + 1 rows and its list cut treats 0 as "no cut"
    page = get(client, count=0).json()
    assert [i["id"] for i in page["response"]] == [2]
    assert page["count"] == 1 and page["total"] == 6 and "nextIndex" not in page
    assert get(client, count=0, startIndex=6).json()["total"] == 6


def test_count_is_capped_at_1000(portal_client):
    client = portal_client(invoices=1100)
    page = get(client).json()
    assert page["count"] == 1000 and page["nextIndex"] == 1001 and page["total"] == 1100
    page = get(client, count=5000).json()
    assert page["count"] == 1000
    page = get(client, startIndex=1000).json()
    assert page["count"] == 100 and page["total"] == 1100 and "nextIndex" not in page


def test_paging_with_start_index_plus_count_visits_everything(client):
    seen = []
    start = 0
    for _ in range(10):
        page = get(client, count=4, startIndex=start, sortBy="dueDate").json()
        seen += [i["id"] for i in page["response"]]
        if "nextIndex" not in page:
            break
        assert page["nextIndex"] == start + 4 + 1
        start += 4
    assert seen == [2, 1, 3, 4, 6, 5]


# --- visibility ----------------------------------------------------------------------------------


def test_regular_user_sees_public_readable_and_contactless_invoices(client):
    page = get(client, USER).json()
    assert [i["id"] for i in page["response"]] == [2, 4, 1, 5]
    assert page["total"] == 4
    assert ids(get(client, USER, status=1)) == [1]
    assert ids(get(client, USER, filterValue="support")) == [1]


def test_regular_user_paging_is_over_visible_rows_but_total_counts_all(client):
    page = get(client, USER, count=2).json()
    assert [i["id"] for i in page["response"]] == [2, 4]
    # the portal's count ignores contact visibility
    assert page["nextIndex"] == 3 and page["total"] == 6
    page = get(client, USER, count=2, startIndex=2).json()
    assert [i["id"] for i in page["response"]] == [1, 5]
    assert "nextIndex" not in page and page["total"] == 4


def test_total_follows_deletes(client):
    assert get(client, count=2).json()["total"] == 6
    client.request(
        "DELETE", "/api/2.0/crm/invoice", json={"invoiceids": [1]}, headers={"Authorization": ADMIN}
    )
    assert get(client, count=2).json()["total"] == 5


@pytest.mark.parametrize("sort_by", ["number", "issueDate", "contact"])
def test_common_word_plan_gives_the_same_answers(client, portal_client, sort_by):
    cases = {"serv": [2, 4, 6], "support": [6, 1], "inv": ALL, "rver": [], "SERVER": [2, 4]}
    expected = {v: ids(get(client, filterValue=v, sortBy=sort_by)) for v in cases}
    assert (
        expected["serv"] == sorted(cases["serv"], key=lambda i: ALL.index(i)) or sort_by != "number"
    )
    # every word counts as common; the query, not the number order, answers
    other = portal_client(Portal(common_word=1, number_search=False))
    build_shop(other.app.state.portal)
    for value in cases:
        assert ids(get(other, filterValue=value, sortBy=sort_by)) == expected[value]
        assert sorted(ids(get(other, filterValue=value))) == sorted(cases[value])
