"""Rules of the list operation that no single answer shows: each is probed with a few requests
of its own, built from invoices a real answer listed, and compared with what the portal's
behaviour document says (docs/portal-behaviour.md, points 1 and 2 of the third reading).

- `filterValue` is an SQL LIKE pattern the portal never escapes: `_` matches one character,
  `%` any run of them, so a number with one character replaced by `_`, or with its head
  replaced by `%`, still finds that invoice.
- `sortBy` is the portal's sort enum: `2` sorts as `contact`; `number,status` OR-s to Status;
  an integer outside 0..5 sorts by number and pages with `startIndex` like a known key.

A probe that cannot decide (the invoice may lie past a full page, the answer is not a list)
says nothing: these checks run against live portals too, where other people change the data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PROBE_PAGE = 20  # invoices a probe asks for: small, as on a live portal


@dataclass(frozen=True)
class Page:
    """What a probe needs of a list answer: the invoices and whether more follow."""

    items: Sequence[Mapping[str, Any]]
    more: bool

    @property
    def ids(self) -> list[Any]:
        return [item.get("id") for item in self.items]


# A probe's view of the portal: the query of a list request -> its page, or None when the
# answer was no 200 JSON list (then the probe cannot decide).
Fetch = Callable[[dict[str, Any]], Page | None]


def page_of(status: int, body: Any) -> Page | None:
    if status != 200 or not isinstance(body, dict) or not isinstance(body.get("response"), list):
        return None
    items = [item for item in body["response"] if isinstance(item, dict)]
    return Page(items, "nextIndex" in body)


def wildcard_patterns(number: str) -> list[str]:
    """Patterns that match `number` only if `_` and `%` act as LIKE wildcards (none when the
    number is too short or has a space, which would split it into two words)."""
    if len(number) < 3 or " " in number or "%" in number or "_" in number:
        return []
    return [number[:-2] + "_" + number[-1], "%" + number[2:]]


def wildcard_violations(fetch: Fetch, listed: Sequence[Mapping[str, Any]]) -> list[str]:
    """An invoice the portal listed is found by its number with wildcards in it."""
    for item in listed:
        number, iid = item.get("number"), item.get("id")
        if not isinstance(number, str) or iid is None:
            continue
        for pattern in wildcard_patterns(number):
            page = fetch({"filterValue": pattern, "sortBy": "id", "count": PROBE_PAGE})
            if page is None or (iid not in page.ids and page.more):
                continue  # not decidable: maybe on a later page
            if iid not in page.ids:
                return [
                    f"filterValue={pattern!r} does not find invoice {iid} ({number!r}): the "
                    "portal reads `_` and `%` in filterValue as LIKE wildcards"
                ]
        return []  # one invoice with a usable number is enough
    return []


def _status_ids(page: Page) -> list[Any]:
    return [
        item["status"].get("id") if isinstance(item.get("status"), dict) else None
        for item in page.items
    ]


def sort_by_violations(fetch: Fetch, count: int = PROBE_PAGE // 2) -> list[str]:
    """`sortBy` read as the portal's enum: numbers, OR-ed name lists, values outside it."""
    found: list[str] = []
    by_name = fetch({"sortBy": "contact", "count": count})
    by_number = fetch({"sortBy": "2", "count": count})
    if by_name is not None and by_number is not None and by_name.ids != by_number.ids:
        found.append(
            f"sortBy=2 answered {by_number.ids} where sortBy=contact answered {by_name.ids}: "
            "the portal reads a number as its sort enum (2 is Contact)"
        )
    ored = fetch({"sortBy": "number,status", "count": count})
    if ored is not None:
        statuses = _status_ids(ored)
        if all(isinstance(s, int) for s in statuses) and statuses != sorted(statuses):
            found.append(
                f"sortBy=number,status answered statuses {statuses}: the portal OR-s a comma "
                "list of sort names (number|status is Status)"
            )
    skip = max(1, count // 2)
    outside = fetch({"sortBy": "9", "startIndex": skip, "count": count})
    known = fetch({"sortBy": "number", "startIndex": skip, "count": count})
    if outside is not None and known is not None and outside.ids != known.ids:
        found.append(
            f"sortBy=9&startIndex={skip} answered {outside.ids} where sortBy=number answered "
            f"{known.ids}: a value outside the sort enum pages in number order"
        )
    return found
