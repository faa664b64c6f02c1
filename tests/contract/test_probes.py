"""The list-rule probes on made-up portals: a page function stands for the portal, so each rule
is shown to pass when kept, to fail when broken, and to stay silent when it cannot decide."""

from __future__ import annotations

import fnmatch
from typing import Any

from contract.probes import Page, page_of, sort_by_violations, wildcard_violations

INVOICES = [
    {"id": 1, "number": "INV-0103", "status": {"id": 1}, "contact": "b"},
    {"id": 2, "number": "INV-0101", "status": {"id": 2}, "contact": "c"},
    {"id": 3, "number": "INV-0102", "status": {"id": 1}, "contact": "a"},
]


def like(text: str, pattern: str) -> bool:
    glob = pattern.replace("[", "[[]").replace("%", "*").replace("_", "?")
    return fnmatch.fnmatchcase(text.lower(), glob.lower() + "*")


def portal(*, wildcards: bool = True, enum: bool = True):
    keys = {"number": "number", "contact": "contact", "status": "status", "id": "id"}
    enum_values = ["number", "issueDate", "contact", "dueDate", "status", "id"]

    def fetch(query: dict[str, Any]) -> Page:
        found = list(INVOICES)
        pattern = query.get("filterValue")
        if pattern is not None:
            literal = not wildcards and ("%" in pattern or "_" in pattern)
            found = [] if literal else [i for i in found if like(i["number"], pattern)]
        sort = str(query.get("sortBy", "number"))
        start = int(query.get("startIndex", 0))
        if enum and sort.isdigit():
            sort = enum_values[int(sort)] if int(sort) < 6 else "number"
        elif enum and "," in sort:
            value = 0
            for name in sort.split(","):
                value |= enum_values.index(name)
            sort = enum_values[value] if value < 6 else "number"
        key = keys.get(sort, "number")

        def order(item: dict[str, Any]) -> Any:
            value = item[key]
            return (value["id"] if isinstance(value, dict) else value, item["number"])

        found.sort(key=order)
        count = int(query.get("count", 20))
        return Page(found[start : start + count], len(found) > start + count)

    return fetch


def test_a_portal_keeping_the_rules_passes():
    assert wildcard_violations(portal(), INVOICES) == []
    assert sort_by_violations(portal(), count=2) == []


def test_escaped_wildcards_are_reported_with_the_pattern_and_the_invoice():
    (found,) = wildcard_violations(portal(wildcards=False), INVOICES)
    assert "'INV-01_3'" in found and "invoice 1" in found


def test_names_only_sort_by_is_reported_for_each_form():
    found = sort_by_violations(portal(enum=False), count=2)
    assert len(found) == 2  # sortBy=2 and number,status; 9 sorts by number either way
    assert "sortBy=2 answered" in found[0] and "sortBy=number,status" in found[1]


def test_an_invoice_that_may_lie_past_a_full_page_decides_nothing():
    def crowded(query: dict[str, Any]) -> Page:
        return Page([{"id": 99, "number": "INV-0199"}], more=True)

    assert wildcard_violations(crowded, INVOICES) == []
    # and no usable number (too short, or two words) probes nothing
    assert wildcard_violations(portal(wildcards=False), [{"id": 9, "number": "A1"}]) == []
    assert wildcard_violations(portal(wildcards=False), [{"id": 9, "number": "A 12"}]) == []


def test_only_a_200_json_list_is_a_page():
    assert page_of(200, {"response": [{"id": 1}], "nextIndex": 3}) == Page([{"id": 1}], True)
    assert page_of(401, {"response": []}) is None
    assert page_of(200, "Unauthorized") is None
    assert page_of(200, {"error": {}}) is None
