"""Reading a request's arguments the way the portal's API layer does.

Method arguments (status, dates, entity, currency, invoiceids) come from the query string, then
from a JSON body (any method) or, for methods other than GET, a url-encoded form; names are
case-insensitive and a repeated value uses the first one. List parameters (count, startIndex,
sortBy, sortOrder, filterValue) come from the query string only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from . import errors
from .wire import MAX_TICKS, MIN_TICKS, TICKS_PER_SECOND, Clock
from .xmlwire import scalar_text

PAGE_SIZE = 1000  # ItemsPerPage on a stock portal: the default and the cap of `count`
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UINT64_MAX = 2**64 - 1

# .NET's NumberStyles.Integer: optional white space around an optional sign and ASCII digits.
_WS = " \t\n\v\f\r"
_INTEGER = re.compile(r"([+-]?)([0-9]+)", re.ASCII)


def _dotnet_integer(text: str) -> int | None:
    match = _INTEGER.fullmatch(text.strip(_WS))
    if match is None:
        return None
    value = int(match.group(2))
    return -value if match.group(1) == "-" else value


class Args:
    """Case-insensitive multi-valued arguments, in the order the portal reads them."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._values: dict[str, list[str]] = {}
        self.extend(pairs)

    def extend(self, pairs: Iterable[tuple[str, str]]) -> None:
        for key, value in pairs:
            self._values.setdefault(key.lower(), []).append(value)

    def all_pairs(self) -> list[tuple[str, str]]:
        return [(k, v) for k, values in self._values.items() for v in values]

    def all(self, key: str) -> list[str]:
        return self._values.get(key.lower(), [])

    def first(self, key: str) -> str | None:
        values = self.all(key)
        return values[0] if values else None


# --- request bodies ----------------------------------------------------------------------------


def _json_scalar(value: object) -> str | None:
    """A JSON scalar as the text the portal's JSON-to-XML step gives it; None for containers."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return scalar_text(value)
    if isinstance(value, str):
        return value
    return None


def json_body_pairs(body: bytes) -> list[tuple[str, str]]:
    """Top-level members of a JSON object body, arrays flattened to repeated values.

    Nested objects never name one of our arguments, so they are skipped."""
    if not body.strip():
        return []
    try:
        text = body.decode("utf-8-sig")
        members = json.loads(text, object_pairs_hook=_JsonObject)
    except (ValueError, RecursionError) as exc:
        raise errors.bad_json() from exc
    if not isinstance(members, _JsonObject):
        raise errors.bad_json()
    pairs: list[tuple[str, str]] = []
    for key, value in members:
        items = value if isinstance(value, list) and not isinstance(value, _JsonObject) else [value]
        for item in items:
            text_value = _json_scalar(item)
            if text_value is not None:
                pairs.append((key, text_value))
    return pairs


class _JsonObject(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs, duplicates kept in order."""


def form_pairs(body: bytes) -> list[tuple[str, str]]:
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


# --- list parameters (ApiContext) --------------------------------------------------------------

SORT_KEYS = {
    "number": "number",
    "issuedate": "issueDate",
    "contact": "contact",
    "duedate": "dueDate",
    "status": "status",
    "id": "id",
}


@dataclass(frozen=True)
class ListParams:
    count: int = PAGE_SIZE  # the requested page size, 0..PAGE_SIZE
    start_index: int = 0
    sort_by: str = "number"
    descending: bool = False
    filter_value: str | None = None


def _list_value(query: Args, key: str) -> str | None:
    """First value of a list parameter: `key[]` wins over `key`, and a single value is split at
    commas (ApiContext.GetRequestArray)."""
    values = query.all(key + "[]")
    if values:
        return values[0]
    values = query.all(key)
    if not values:
        return None
    if len(values) == 1 and values[0]:
        return values[0].split(",")[0]
    return values[0]


def list_params(query: Args) -> ListParams:
    count = PAGE_SIZE
    raw = _list_value(query, "count")
    if raw:
        parsed = _dotnet_integer(raw)
        # ulong.TryParse: "-0" is zero, any other negative or an overflow does not parse
        if parsed is not None and 0 <= parsed <= UINT64_MAX:
            count = min(PAGE_SIZE, parsed)
    start = 0
    raw = _list_value(query, "startIndex")
    if raw is not None:
        parsed = _dotnet_integer(raw)
        if parsed is not None and INT64_MIN <= parsed <= INT64_MAX:
            start = max(0, parsed)
    descending = _list_value(query, "sortOrder") == "descending"
    raw_sort = _list_value(query, "sortBy")
    if not raw_sort:
        sort_by, descending = "number", False
    else:
        key = SORT_KEYS.get(raw_sort.strip(_WS).lower())
        if key is None:
            # unknown: the portal sorts by number ascending and its in-memory re-sort is a no-op
            sort_by, descending = "number", False
        else:
            sort_by = key
    return ListParams(
        count=count,
        start_index=start,
        sort_by=sort_by,
        descending=descending,
        filter_value=_list_value(query, "filterValue"),
    )


# --- method arguments ----------------------------------------------------------------------------


def parse_int32(text: str) -> int:
    value = _dotnet_integer(text)
    if value is None:
        raise errors.bad_int()
    if not INT32_MIN <= value <= INT32_MAX:
        raise errors.int_overflow()
    return value


_STATUS_WORDS = {
    "draft": 1,
    "sent": 2,
    "billed": 2,
    "rejected": 3,
    "paid": 4,
    "archived": 5,
    "archive": 5,
}


def parse_status(text: str) -> int:
    """InvoiceStatus from a number, the enum name (any case) or the English label."""
    stripped = text.strip(_WS)
    number = _dotnet_integer(stripped)
    if number is not None:
        if not INT32_MIN <= number <= INT32_MAX:
            raise errors.bad_argument(
                "Value was either too large or too small for an Int32.", errors.HRESULT_OVERFLOW
            )
        return number  # outside 1..5 it parses and matches nothing
    status = _STATUS_WORDS.get(stripped.lower())
    if status is None:
        raise errors.bad_argument(f"Requested value '{text}' was not found.")
    return status


# Exact .NET formats: o, yyyy-MM-ddTHH-mm-ss.fffffffK, yyyy-MM-ddTHH-mm-ss.fffK,
# yyyy-MM-ddTHH:mm:ss.fffK, yyyy-MM-ddTHH-mm-ssK, yyyy-MM-ddTHH:mm:ssK, yyyy-MM-dd.
# Together: either separator, a fraction of exactly 7 or 3 digits or none, an optional K.
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:T([0-9]{2})([:-])([0-9]{2})\5([0-9]{2})(?:\.([0-9]{7}|[0-9]{3}))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?",
    re.ASCII,
)


def parse_date(text: str, clock: Clock) -> int:
    """ApiDateTime.Parse: ticks (UTC). No offset means the portal's zone."""
    if len(text) < 7:
        raise errors.bad_argument("invalid date time format")
    match = _DATE.fullmatch(text)
    if match is None:
        raise errors.bad_argument(f"invalid date time format: {text}")
    year, month, day, hour, _, minute, second, frac, zone = match.groups()
    try:
        wall = dt.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError as exc:
        raise errors.bad_argument(f"invalid date time format: {text}") from exc
    frac_ticks = int(frac.ljust(7, "0")) if frac else 0
    if zone is None:
        try:
            ticks = clock.local_to_ticks(wall)
        except (OverflowError, ValueError) as exc:
            raise errors.bad_argument(f"invalid date time format: {text}") from exc
    else:
        offset = 0
        if zone != "Z":
            hours, minutes = int(zone[1:3]), int(zone[4:6])
            if minutes > 59 or hours * 60 + minutes > 14 * 60:
                raise errors.bad_argument(f"invalid date time format: {text}")
            offset = (hours * 3600 + minutes * 60) * (-1 if zone[0] == "-" else 1)
        ticks = _utc_ticks(wall) - offset * TICKS_PER_SECOND
    ticks += frac_ticks
    if not MIN_TICKS <= ticks <= MAX_TICKS:
        raise errors.bad_argument(f"invalid date time format: {text}")
    return ticks


def _utc_ticks(wall: dt.datetime) -> int:
    days = wall.toordinal() - dt.date(1970, 1, 1).toordinal()
    return (days * 86_400 + wall.hour * 3600 + wall.minute * 60 + wall.second) * TICKS_PER_SECOND


# The upper bound of a date range is widened to To + 1 day - 1 minute.
WIDEN_TICKS = (86_400 - 60) * TICKS_PER_SECOND

ENTITY_TYPES = ("contact", "opportunity", "case")


@dataclass(frozen=True)
class InvoiceFilter:
    status: int | None = None
    issue_from: int | None = None
    issue_to: int | None = None  # already widened
    due_from: int | None = None
    due_to: int | None = None  # already widened
    entity_type: str | None = None  # contact / opportunity / case, lower case
    entity_id: int = 0
    currency: str | None = None
    search: str | None = None  # filterValue as sent


def _present(args: Args, name: str) -> str | None:
    value = args.first(name)
    return value if value else None  # an empty value counts as missing


def invoice_filter(args: Args, search: str | None, clock: Clock) -> InvoiceFilter:
    """The GetInvoices arguments, converted in the method's parameter order."""
    raw = _present(args, "status")
    status = parse_status(raw) if raw is not None else None
    dates = []
    for name in ("issueDateFrom", "issueDateTo", "dueDateFrom", "dueDateTo"):
        raw = _present(args, name)
        dates.append(parse_date(raw, clock) if raw is not None else None)
    entity_type = _present(args, "entityType")
    raw = _present(args, "entityid")
    entity_id = parse_int32(raw) if raw is not None else 0
    currency = _present(args, "currency")
    if entity_type is not None:
        if entity_type.lower() not in ENTITY_TYPES:
            raise errors.bad_argument()
        entity_type = entity_type.lower()
    issue_from, issue_to, due_from, due_to = dates
    return InvoiceFilter(
        status=status,
        issue_from=issue_from,
        issue_to=None if issue_to is None else issue_to + WIDEN_TICKS,
        due_from=due_from,
        due_to=None if due_to is None else due_to + WIDEN_TICKS,
        entity_type=entity_type,
        entity_id=entity_id,
        currency=currency,
        search=search,
    )


def invoice_ids(args: Args) -> list[int]:
    """DELETE's invoiceids: every value of `invoiceids` and `invoiceids[]`, query first."""
    raw = [v for v in args.all("invoiceids") + args.all("invoiceids[]") if v != ""]
    if not raw:
        raise errors.bad_argument()
    return [parse_int32(value) for value in raw]
