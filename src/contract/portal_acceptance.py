"""Where a portal accepts more than the contract lets a client send.

The contract is strict on purpose (closed enums, bounded counts, plain dates), so a generated
client only sends what every portal understands. The portal itself is lenient in places its
behaviour document describes (docs/portal-behaviour.md): it ignores a `count` or `startIndex`
it cannot parse (and wraps a `startIndex` above int32), sorts an unknown `sortBy` by that
property, ascending for any `sortOrder` but `descending`, reads a status number outside 1..5
as a filter that matches nothing and a comma list of numbers and member names as OR-ed flags,
reads integers in hex (`0x10`, `&h10`, `#10`), accepts more date forms than a plain date, and
reads a JSON value for `invoiceids` the way it reads a form field. A request that breaks the
contract only inside that wider domain is answered 200 by a correct portal, so it is no
evidence of a missing check. Everything outside it must be rejected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema

_INT32 = {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1}
_WS = " \t\n\v\f\r"
_INT_TEXT = r"^[ \t\n\v\f\r]*[+-]?[0-9]+[ \t\n\v\f\r]*$"
# .NET's Int32Converter: a decimal integer, or up to eight hex digits after 0x, &h or #.
_INT_OR_HEX = r"^[ \t\n\v\f\r]*([+-]?[0-9]+|(0[xX]|&[hH]|#)[0-9a-fA-F]{1,8})[ \t\n\v\f\r]*$"
# InvoiceStatus: the English labels as written, else .NET enum parsing of a comma list.
_STATUS_LABELS = {"Draft", "Billed", "Rejected", "Paid", "Archive"}
_STATUS_NAMES = {"draft", "sent", "rejected", "paid", "archived"}
# The portal's exact input formats for dates (ApiDateTime): see the reference's Dates section.
_PORTAL_DATE = (
    r"^\d{4}-\d{2}-\d{2}$"
    r"|^\d{4}-\d{2}-\d{2}T\d{2}[:-]\d{2}[:-]\d{2}(\.\d{7}|\.\d{3})?(Z|[+-]\d{2}:\d{2})?$"
)
_ANYTHING: dict[str, Any] = {}

# Query parameters: the values a portal answers 200 for (read as strings off the query).
QUERY: dict[str, dict[str, Any]] = {
    "count": _ANYTHING,  # ignored when it does not parse, cut to 1000 when larger
    "startIndex": _ANYTHING,  # ignored when it does not parse, 0 when negative
    "sortBy": _ANYTHING,  # unknown keys sort by number
    "sortOrder": _ANYTHING,  # anything but `descending` is ascending
    "status": _ANYTHING,  # checked by _status_accepted
    "issueDateFrom": {"type": "string", "pattern": _PORTAL_DATE},
    "issueDateTo": {"type": "string", "pattern": _PORTAL_DATE},
    "dueDateFrom": {"type": "string", "pattern": _PORTAL_DATE},
    "dueDateTo": {"type": "string", "pattern": _PORTAL_DATE},
    "entityid": {"type": "string", "pattern": _INT_OR_HEX},
}

# `invoiceids` in a JSON body: the portal flattens JSON into name/value pairs, so one id, an id
# as text, or a list of either is a list of ids.
_ID = {"anyOf": [_INT32, {"type": "string", "pattern": _INT_OR_HEX}]}
DELETE_BODY = {
    "type": "object",
    "required": ["invoiceids"],
    "properties": {"invoiceids": {"anyOf": [_ID, {"type": "array", "minItems": 1, "items": _ID}]}},
}

_DATE_PARTS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def query_accepted(query: Mapping[str, Any], contract: Mapping[str, Callable[[Any], bool]]) -> bool:
    """Whether a portal answers 200 to this query: each lenient parameter within the portal's
    domain, and every other parameter valid by its contract check (`contract[name](value)`)."""
    for name, value in query.items():
        values = list(value) if isinstance(value, list | tuple) else [value]
        if not values:
            continue
        first = values[0]  # the portal reads the first of repeated values
        if _as_query_text(first) == "":
            continue  # an empty value is a missing argument: no filter
        if name in QUERY:
            text = _as_query_text(first)
            if not jsonschema.Draft202012Validator(QUERY[name]).is_valid(text):
                return False
            if name.startswith(("issue", "due")) and not _real_date(text):
                return False
            if name == "status" and not _status_accepted(text):
                return False
        elif name in contract:
            if not contract[name](first):
                return False
        else:
            continue  # unknown query parameters are ignored by the portal
    return True


def delete_body_accepted(body: Any) -> bool:
    """Whether a portal deletes (answers 200) for this JSON body."""
    if not jsonschema.Draft202012Validator(DELETE_BODY).is_valid(body):
        return False
    ids = body["invoiceids"]
    return all(_fits_int32(i) for i in (ids if isinstance(ids, list) else [ids]))


def _as_query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _fits_int32(value: Any) -> bool:
    if isinstance(value, float):
        if not value.is_integer():
            return False
        value = int(value)
    text = str(value).strip(_WS)
    for prefix in ("0x", "0X", "&h", "&H", "#"):
        if text.startswith(prefix):
            return True  # the pattern allows at most eight hex digits: any of them fits
    if not re.fullmatch(r"[+-]?[0-9]+", text, re.ASCII):  # no "1_0", no other digits
        return False
    return -(2**31) <= int(text) <= 2**31 - 1


def _status_accepted(text: str) -> bool:
    """A label as written, or a comma list of int32 numbers and member names (any case)."""
    if text in _STATUS_LABELS:
        return True
    for part in text.split(","):
        item = part.strip(_WS)
        if item.lower() in _STATUS_NAMES:
            continue
        if not item or not _fits_int32(item) or item.startswith(("0x", "0X", "&h", "&H", "#")):
            return False
    return True


def _real_date(text: str) -> bool:
    """The pattern admits 2020-13-45; the portal's parser does not."""
    import datetime

    match = _DATE_PARTS.match(text)
    if match is None:
        return False
    try:
        datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True
