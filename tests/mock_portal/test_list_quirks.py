"""The list quirks of a real portal: paging edge cases, an unknown sort key, the generic list
parameters, and the wire form of numbers an invoice carries."""

from __future__ import annotations

from tests.support.mock_data import ADMIN, DELETE, FILTER, USER, get, ids

ALL = [2, 4, 6, 3, 1, 5]  # the shop in number order


def test_count_zero_answers_one_invoice_without_next_index(client):
    page = get(client, count=0).json()
    assert ids_of(page) == [2]
    assert "nextIndex" not in page and page["total"] == 6


def ids_of(page):
    return [item["id"] for item in page["response"]]


def test_start_index_above_int32_wraps(client):
    # the query casts startIndex to int: 2**31 is -2**31, which skips nothing
    page = get(client, startIndex=2**31, count=10).json()
    assert ids_of(page) == ALL
    assert page["startIndex"] == 2**31  # the envelope repeats the value sent
    assert page["total"] == -(2**31) + 6  # a short page: startIndex (as int) + items
    # 2**32 + 2 wraps to 2
    assert ids_of(get(client, startIndex=2**32 + 2, count=2).json()) == [6, 3]


def test_unknown_sort_key_ignores_start_index_and_totals_from_it(client):
    page = get(client, sortBy="cost", startIndex=3, count=10).json()
    assert ids_of(page) == [2, 4, 6, 3, 5, 1]  # every match from the first, by cost
    assert page["total"] == 3 + 6 and "nextIndex" not in page
    page = get(client, sortBy="cost", sortOrder="descending", startIndex=3, count=2).json()
    assert ids_of(page) == [1, 4]
    assert page["total"] == 6 and page["nextIndex"] == 3 + 2 + 1


def test_unknown_sort_key_on_reader_dependent_properties(client, shop):
    # the deal's invoices 1 (admin's) and 4 (the user's) are both visible to the user:
    # canDelete true sorts last
    deal = {"entityType": "opportunity", "entityid": shop.deal}
    assert ids(get(client, USER, sortBy="canDelete", **deal)) == [1, 4]
    assert ids(get(client, USER, sortBy="candelete", sortOrder="descending", **deal)) == [4, 1]
    assert ids(get(client, sortBy="canEdit", sortOrder="descending")) == [6, 1, 2, 4, 3, 5]


def test_unknown_sort_key_answers_nothing_to_a_user_from_whom_a_match_is_hidden(client, shop):
    # InvoiceDao.GetInvoices (non-admin branch): 3 and 6 (Gamma's) are hidden from the user,
    # so the loop ends with Take(0): an empty list whose total is the startIndex sent
    page = get(client, USER, sortBy="cost", startIndex=4, count=2).json()
    assert page["response"] == [] and page["total"] == 4 and "nextIndex" not in page
    assert get(client, USER, sortBy="cost").json()["total"] == 0
    # the administrator sees everything, so the in-memory sort goes on for them
    assert ids(get(client, sortBy="cost", count=2)) == [2, 4]
    # nothing hidden among the matches (Acme's invoices): every visible match, sorted
    assert ids(get(client, USER, sortBy="cost", entityType="contact", entityid=shop.acme)) == [
        5,
        1,
    ]


def test_unknown_sort_key_with_count_zero_answers_every_match(client):
    # SmartList takes nothing off when its take count is 0
    page = get(client, sortBy="cost", count=0).json()
    assert ids_of(page) == [2, 4, 6, 3, 5, 1]
    assert "nextIndex" not in page


def test_sort_by_is_parsed_as_the_enum_with_numbers_and_or_ed_names(client):
    # Enum.TryParse(ignoreCase) over InvoiceSortedByType: Number=0 ... Contact=2, Status=4
    by_contact = ids(get(client, sortBy="contact"))
    assert by_contact != ALL
    assert ids(get(client, sortBy="2")) == by_contact
    assert ids(get(client, sortBy=" 2 ")) == by_contact
    # number,status is 0|4 = Status; issueDate,contact is 1|2 = 3 = DueDate
    assert ids(get(client, sortBy="number,status")) == ids(get(client, sortBy="status"))
    assert ids(get(client, sortBy="issueDate, CONTACT")) == ids(get(client, sortBy="dueDate"))
    assert ids(get(client, sortBy="status")) != ALL


def test_sort_by_outside_the_enum_pages_in_number_order_and_ignores_sort_order(client):
    # an integer outside 0..5 parses: the query falls back to number ascending, with
    # startIndex and count applied as for any known key
    page = get(client, sortBy="9", startIndex=2, count=2, sortOrder="descending").json()
    assert ids_of(page) == [6, 3]
    assert page["nextIndex"] == 2 + 2 + 1 and page["total"] == 6
    assert ids(get(client, sortBy="-1", startIndex=4)) == [1, 5]
    # issueDate,status is 1|4 = 5 = Id; dueDate,status is 3|4 = 7: outside
    assert ids(get(client, sortBy="dueDate,status", sortOrder="descending")) == ALL


def test_fields_keeps_only_the_named_properties(client):
    page = get(client, fields="id,Number").json()
    assert page["response"][0] == {"number": "INV-0101", "id": 2}
    assert page["total"] == 6 and page["statusCode"] == 200


def test_updated_since_and_type_filter_the_list(client):
    assert get(client, updatedSince="2020-01-01").json()["response"] == []
    assert get(client, type="ContactWrapper").json()["response"] == []
    # the DataContract name, compared case-sensitively
    assert ids(get(client, type="invoiceBase")) == ALL
    assert get(client, type="InvoiceWrapper").json()["response"] == []
    assert get(client, type="invoicebase").json()["response"] == []


def test_a_page_emptied_by_a_generic_filter_has_no_next_index(client):
    # nextIndex is written only for a page that still holds `count` items after the filters
    assert "nextIndex" in get(client, count=2, type="invoiceBase").json()
    for params in ({"type": "InvoiceWrapper"}, {"updatedSince": "2020-01-01"}):
        page = get(client, count=2, **params).json()
        assert page["response"] == [] and "nextIndex" not in page


def test_generic_filters_act_on_the_delete_answer_too(client, shop):
    answer = client.request("DELETE", DELETE, params={"updatedSince": "2020-01-01"},
                            json={"invoiceids": [5]}, headers={"Authorization": ADMIN})  # fmt: skip
    assert answer.json()["response"] == []
    assert 5 not in ids(get(client))  # deleted all the same


def test_exchange_rate_is_kept_to_two_decimals(portal, portal_client):
    portal.add_invoice(number="R", exchange_rate=1.23456)
    assert get(portal_client(portal)).json()["response"][0]["exchangeRate"] == 1.23


def test_cost_adds_each_line_s_taxes_rounded_per_line(portal, portal_client):
    # 1 x 10.01 with VAT 20 % and sales tax 7.5 %: 12.76275 -> 12.76; 3 x 0.333 -> 1.0
    portal.add_invoice(
        number="T", lines=[(1, 10.01, 0, 1, 2), (3, 0.333, 0), (1, 5.0, 10, 3, None)]
    )
    item = get(portal_client(portal)).json()["response"][0]
    assert item["cost"] == 12.76 + 1.0 + 4.95


def test_xml_on_tml_path(client):
    answer = client.get(FILTER + ".tml", headers={"Authorization": ADMIN})
    assert answer.headers["content-type"] == "text/xml; charset=UTF-8"


def test_photo_and_profile_urls_are_absolute_on_the_portal_s_address(portal_client):
    client = portal_client(invoices=10, seed=2, base_url="https://crm.example.com/")
    item = next(i for i in get(client).json()["response"] if i["contact"])
    contact = item["contact"]
    assert contact["smallFotoUrl"] == (
        "https://crm.example.com/HttpHandlers/filehandler.ashx?action=contactphotoulr"
        f"&cid={contact['id']}&isc={contact['isCompany']}&ps=1"
    )
    assert contact["mediumFotoUrl"].endswith("&ps=2")
    assert item["createBy"]["profileUrl"].startswith(
        "https://crm.example.com/Products/People/Profile.aspx?user="
    )
