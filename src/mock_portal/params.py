"""Reading a request's arguments the way the portal's API layer does.

Method arguments (status, dates, entity, currency, invoiceids) come from the query string, then
from a JSON body (any method) or, for methods other than GET, a url-encoded form; names are
case-insensitive and a repeated value uses the first one. List parameters (count, startIndex,
sortBy, sortOrder, filterValue, and the generic fields, type, updatedSince) come from the query
string only.

Converting an argument can fail (400) before the portal's payment and product checks run; the
checks of the operation itself (`check_entity_type`, `require_ids`) run after them.
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


# More significant digits than any 64-bit integer has: every range check fails on such a value,
# as .NET's parse overflows, and Python never converts a string of thousands of digits (its
# conversion limit would raise ValueError).
_MAX_DIGITS = 20
_TOO_LARGE = 10**_MAX_DIGITS


def _dotnet_integer(text: str) -> int | None:
    match = _INTEGER.fullmatch(text.strip(_WS))
    if match is None:
        return None
    digits = match.group(2).lstrip("0") or "0"
    value = _TOO_LARGE if len(digits) > _MAX_DIGITS else int(digits)
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
        # A lone surrogate (\ud800) decodes from JSON but cannot be stored or compared as
        # UTF-8: it becomes U+FFFD, which matches nothing, as the portal's lookup would.
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return None


def json_body_pairs(body: bytes) -> list[tuple[str, str]]:
    """Top-level members of a JSON object body, arrays flattened to repeated values.

    Nested objects never name one of our arguments, so they are skipped."""
    if not body.strip():
        return []
    text = body.decode("utf-8-sig", "replace")
    try:
        members = json.loads(text, object_pairs_hook=_JsonObject)
    except json.JSONDecodeError as exc:
        raise errors.bad_json(parser_message(text, exc.pos)) from exc
    except (ValueError, RecursionError) as exc:
        raise errors.bad_json(parser_message(text, 0)) from exc
    if not isinstance(members, _JsonObject):
        raise errors.bad_json(
            "Error reading JObject from JsonReader. Current JsonReader item is not an object: "
            f"{_token_kind(members)}. Path '', {_where(text, len(text.rstrip()))}."
        )
    pairs: list[tuple[str, str]] = []
    for key, value in members:
        items = value if isinstance(value, list) and not isinstance(value, _JsonObject) else [value]
        for item in items:
            text_value = _json_scalar(item)
            if text_value is not None:
                pairs.append((key, text_value))
    return pairs


def parser_message(text: str, pos: int) -> str:
    """Newtonsoft's message for a body that is not JSON, in its two common forms (the mock
    leaves the JSON path empty)."""
    if pos >= len(text.rstrip()):
        return f"Unexpected end when reading JSON. Path '', {_where(text, pos)}."
    return (
        f"Unexpected character encountered while parsing value: {text[pos]}. "
        f"Path '', {_where(text, pos)}."
    )


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, position {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def _token_kind(value: object) -> str:
    if isinstance(value, list):
        return "StartArray"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    return "Null" if value is None else "String"


class _JsonObject(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs, duplicates kept in order."""


def form_pairs(body: bytes) -> list[tuple[str, str]]:
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


# --- list parameters (ApiContext) --------------------------------------------------------------

# InvoiceSortedByType (SortedByTypeEnum.cs): the member names and their values.
SORT_KEYS = {
    "number": "number",
    "issuedate": "issueDate",
    "contact": "contact",
    "duedate": "dueDate",
    "status": "status",
    "id": "id",
}
SORT_VALUES = tuple(SORT_KEYS.values())  # Number=0, IssueDate=1, Contact=2, DueDate=3, ...


def parse_sort_by(text: str) -> int | None:
    """.NET Framework's Enum.TryParse(ignoreCase) over InvoiceSortedByType: a text starting with
    a digit or a sign is one Int32; otherwise a comma list of member names, OR-ed. None when it
    does not parse (the operation then treats sortBy as an unknown name)."""
    text = text.strip(_WS)
    if not text:
        return None
    if text[0].isdigit() or text[0] in "+-":
        value = _dotnet_integer(text)
        return value if value is not None and INT32_MIN <= value <= INT32_MAX else None
    flags = 0
    for part in text.split(","):
        name = part.strip(_WS).lower()
        if name not in SORT_KEYS:
            return None
        flags |= SORT_VALUES.index(SORT_KEYS[name])
    return flags


@dataclass(frozen=True)
class ListParams:
    count: int = PAGE_SIZE  # the requested page size, 0..PAGE_SIZE
    start_index: int = 0  # as sent (a long), 0 when negative
    sort_by: str = "number"
    descending: bool = False
    # whether `count` was sent: a delete answer carries `total` only then
    count_given: bool = False
    filter_value: str | None = None
    # an unknown sortBy, lower-cased: every match is sorted in memory by that property
    sort_property: str | None = None
    fields: frozenset[str] | None = None  # lower-cased names of the properties to keep
    type_name: str | None = None  # the generic `type` filter
    updated_since: str | None = None  # the generic `updatedSince` filter

    @property
    def query_start(self) -> int:
        """startIndex as the invoice query reads it: cast to int, so above int32 it wraps."""
        return wrap_int32(self.start_index)

    @property
    def offset(self) -> int:
        """The rows the query skips (a wrapped, negative start skips none)."""
        return max(0, self.query_start)


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
    count_given = False
    if raw:
        parsed = _dotnet_integer(raw)
        # ulong.TryParse: "-0" is zero, any other negative or an overflow does not parse
        if parsed is not None and 0 <= parsed <= UINT64_MAX:
            count = min(PAGE_SIZE, parsed)
            count_given = True
    start = 0
    raw = _list_value(query, "startIndex")
    if raw is not None:
        parsed = _dotnet_integer(raw)
        if parsed is not None and INT64_MIN <= parsed <= INT64_MAX:
            start = max(0, parsed)
    descending = _list_value(query, "sortOrder") == "descending"
    # sortBy reaches Enum.TryParse whole: a comma list is OR-ed, not cut at the first comma
    values = query.all("sortBy[]") or query.all("sortBy")
    raw_sort = values[0] if values else None
    sort_property = None
    sort_by = "number"
    if not raw_sort:
        descending = False
    else:
        parsed = parse_sort_by(raw_sort)
        if parsed is None:
            sort_property = raw_sort.strip(_WS).lower()
        elif 0 <= parsed < len(SORT_VALUES):
            sort_by = SORT_VALUES[parsed]
        else:
            descending = False  # a value outside the enum: number ascending, sortOrder ignored
    fields = _list_values(query, "fields")
    return ListParams(
        count=count,
        count_given=count_given,
        start_index=start,
        sort_by=sort_by,
        descending=descending,
        filter_value=_list_value(query, "filterValue"),
        sort_property=sort_property,
        fields=frozenset(f.strip(_WS).lower() for f in fields) if fields else None,
        type_name=_list_value(query, "type") or None,
        updated_since=_list_value(query, "updatedSince") or None,
    )


def _list_values(query: Args, key: str) -> list[str]:
    """Every value of a list parameter, a single one split at commas."""
    values = query.all(key + "[]") or query.all(key)
    if len(values) == 1:
        values = values[0].split(",")
    return [v for v in values if v.strip(_WS)]


# --- method arguments ----------------------------------------------------------------------------


_HEX_PREFIXES = ("0x", "0X", "&h", "&H", "#")
_HEX = re.compile(r"[0-9a-fA-F]+", re.ASCII)


def parse_int32(text: str) -> int:
    """Int32Converter: a decimal integer, or hexadecimal after 0x, &h or # (two's complement:
    0xFFFFFFFF is -1)."""
    stripped = text.strip(_WS)
    for prefix in _HEX_PREFIXES:
        if stripped.startswith(prefix):
            digits = stripped[len(prefix) :]
            if not _HEX.fullmatch(digits):
                raise errors.bad_int()
            unsigned = int(digits, 16)
            if unsigned > 0xFFFFFFFF:
                raise errors.int_overflow()
            return unsigned - 2**32 if unsigned > INT32_MAX else unsigned
    value = _dotnet_integer(text)
    if value is None:
        raise errors.bad_int()
    if not INT32_MIN <= value <= INT32_MAX:
        raise errors.int_overflow()
    return value


def wrap_int32(value: int) -> int:
    """A long cast to int in C#: the low 32 bits, signed."""
    return (value + 2**31) % 2**32 - 2**31


# The English labels, matched case-sensitively before anything else.
_STATUS_LABELS = {"Draft": 1, "Billed": 2, "Rejected": 3, "Paid": 4, "Archive": 5}
# InvoiceStatus's member names, matched ignoring case by the enum parser.
_STATUS_NAMES = {"draft": 1, "sent": 2, "rejected": 3, "paid": 4, "archived": 5}


def parse_status(text: str) -> int:
    """InvoiceStatus: the whole text as an English label (case-sensitive), else .NET's enum
    parsing: a number, or a comma list of member names (any case) and numbers OR-ed as flags
    ("1,2" is 3). A number outside 1..5 parses and matches nothing."""
    label = _STATUS_LABELS.get(text)
    if label is not None:
        return label
    value = 0
    for part in text.split(","):
        item = part.strip(_WS)
        number = _dotnet_integer(item)
        if number is not None:
            if not INT32_MIN <= number <= INT32_MAX:
                raise errors.bad_argument(
                    "Value was either too large or too small for an Int32.",
                    errors.HRESULT_OVERFLOW,
                )
            value |= number
            continue
        name = _STATUS_NAMES.get(item.lower())
        if name is None:
            raise errors.bad_argument(f"Requested value '{text}' was not found.")
        value |= name
    return wrap_int32(value)


# Exact .NET formats: o, yyyy-MM-ddTHH-mm-ss.fffffffK, yyyy-MM-ddTHH-mm-ss.fffK,
# yyyy-MM-ddTHH:mm:ss.fffK, yyyy-MM-ddTHH-mm-ssK, yyyy-MM-ddTHH:mm:ssK, yyyy-MM-dd.
# Together: either separator, a fraction of exactly 7 or 3 digits or none, an optional K
# (Z, +hh:mm or +hhmm).
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:T([0-9]{2})([:-])([0-9]{2})\5([0-9]{2})(?:\.([0-9]{7}|[0-9]{3}))?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?)?",
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
            hours, minutes = int(zone[1:3]), int(zone[-2:])
            if minutes > 59 or hours * 60 + minutes > 14 * 60:
                raise errors.bad_argument(f"invalid date time format: {text}")
            offset = (hours * 3600 + minutes * 60) * (-1 if zone[0] == "-" else 1)
        ticks = _utc_ticks(wall) - offset * TICKS_PER_SECOND
        if zone != "Z" and ":" not in zone:
            # `K` reads +0300 too, but ApiDateTime.Parse takes the offset from the text only
            # when its last six characters hold a colon: otherwise it subtracts the portal
            # zone's offset as well, shifting the value a second time
            try:
                portal_offset, _ = clock.offset_at(ticks // TICKS_PER_SECOND)
            except (OverflowError, ValueError) as exc:
                raise errors.bad_argument(f"invalid date time format: {text}") from exc
            ticks -= portal_offset * TICKS_PER_SECOND
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
        entity_type = entity_type.lower()  # checked by the operation: check_entity_type
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


def check_entity_type(flt: InvoiceFilter) -> None:
    """The operation's own check, after the payment and product filters."""
    if flt.entity_type is not None and flt.entity_type not in ENTITY_TYPES:
        raise errors.bad_argument()


_INDEXED_ID = re.compile(r"invoiceids\[(\d+)\]")


def invoice_ids(args: Args) -> list[int]:
    """DELETE's invoiceids: every value of `invoiceids`, `invoiceids[]` and the indexed
    `invoiceids[0]`, `invoiceids[1]`... (in index order), query first, converted (a value that
    is no integer is a 400 before the filters)."""
    indexed = sorted(
        (int(match.group(1)), value)
        for key, value in args.all_pairs()
        if (match := _INDEXED_ID.fullmatch(key)) is not None
    )
    raw = args.all("invoiceids") + args.all("invoiceids[]") + [value for _, value in indexed]
    return [parse_int32(value) for value in raw if value != ""]


def require_ids(ids: list[int]) -> None:
    """The operation's own check, after the filters: no ids is a bad argument."""
    if not ids:
        raise errors.bad_argument()
