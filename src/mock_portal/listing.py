"""The portal's generic list code (SmartList and ApiContext), applied to any list answer after
the operation: the generic `type`, `updatedSince` and `fields` parameters, and the cut a
delete answer goes through."""

from __future__ import annotations

from typing import Any

from .params import ListParams
from .wire import envelope

# The generic `type` filter compares, case-sensitively, with the wrapper's DataContract name
# (InvoiceWrapper.cs: [DataContract(Name = "invoiceBase")] on InvoiceBaseWrapper).
INVOICE_CONTRACT_NAME = "invoiceBase"


def generic_filters(items: list[dict[str, Any]], page: ListParams) -> list[dict[str, Any]]:
    """`type` keeps the items of that type name; `updatedSince` keeps items updated since,
    and an invoice has no update date, so it keeps none."""
    if page.updated_since is not None:
        return []
    if page.type_name is not None and page.type_name != INVOICE_CONTRACT_NAME:
        return []
    return items


def only_fields(items: list[dict[str, Any]], page: ListParams) -> list[dict[str, Any]]:
    """`fields=a,b`: each item keeps only the named properties (names in any case)."""
    if page.fields is None:
        return items
    return [{k: v for k, v in item.items() if k.lower() in page.fields} for item in items]


def smart_list(items: list[dict[str, Any]], page: ListParams) -> dict[str, Any]:
    """The generic post-processing DELETE's answer goes through: the total only when a `count`
    was sent and there are more items than it, a skip only then, and `count` items."""
    items = generic_filters(items, page)
    total = None
    shown = items
    if page.count_given and page.count < len(items):
        total = len(items)
        shown = shown[min(page.start_index, len(items)) :]
    if page.count > 0:
        shown = shown[: page.count]
    next_index = None
    if len(shown) == page.count and len(items) - page.start_index > page.count:
        next_index = page.start_index + page.count + 1
    return envelope(
        200,
        response=only_fields(shown, page),
        has_response=True,
        count=len(shown),
        start_index=page.start_index,
        next_index=next_index,
        total=total,
    )
