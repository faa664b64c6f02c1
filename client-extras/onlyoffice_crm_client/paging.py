"""Every invoice that matches the filters, page after page: `iter_invoices`, `aiter_invoices`.

The portal pages by offset. The next page starts at `startIndex + count`: the envelope's
`nextIndex` is one past that (following it skips an invoice per page), and its `total` may
belong to another filter for 30 seconds (a cache), so neither is used to move on. The last
page is the one without `nextIndex`, or shorter than the page size.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Iterator
from typing import Any

from .api.invoices import get_invoices
from .client import AuthenticatedClient, Client
from .models import (
    Invoice,
    InvoiceEntityType,
    InvoiceListEnvelope,
    InvoiceSortBy,
    InvoiceStatus,
    SortOrder,
)
from .types import UNSET, Unset

MAX_PAGE_SIZE = 1000  # the portal cuts a larger count to this, which would end paging early


def iter_invoices(
    client: AuthenticatedClient | Client,
    *,
    page_size: int = MAX_PAGE_SIZE,
    status: InvoiceStatus | int | Unset = UNSET,
    issue_date_from: datetime.date | Unset = UNSET,
    issue_date_to: datetime.date | Unset = UNSET,
    due_date_from: datetime.date | Unset = UNSET,
    due_date_to: datetime.date | Unset = UNSET,
    entity_type: InvoiceEntityType | str | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    sort_by: InvoiceSortBy | str | Unset = UNSET,
    sort_order: SortOrder | str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
) -> Iterator[Invoice]:
    """Every invoice matching the filters (the keyword arguments of `get_invoices`), once each,
    in the portal's order, fetched `page_size` (1 to 1000) at a time as the loop goes.

    Raises the errors of `get_invoices.sync` (errors.PortalError and its subclasses), and
    ValueError for a page size out of range, before any request.
    """
    filters = _filters(locals())  # the first statement: locals() holds the arguments only
    pager = _Pager(page_size)
    while pager.start is not None:
        page = get_invoices.sync(client=client, count=page_size, start_index=pager.start, **filters)
        yield from pager.take(page)


async def aiter_invoices(
    client: AuthenticatedClient | Client,
    *,
    page_size: int = MAX_PAGE_SIZE,
    status: InvoiceStatus | int | Unset = UNSET,
    issue_date_from: datetime.date | Unset = UNSET,
    issue_date_to: datetime.date | Unset = UNSET,
    due_date_from: datetime.date | Unset = UNSET,
    due_date_to: datetime.date | Unset = UNSET,
    entity_type: InvoiceEntityType | str | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    sort_by: InvoiceSortBy | str | Unset = UNSET,
    sort_order: SortOrder | str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
) -> AsyncIterator[Invoice]:
    """`iter_invoices` for asyncio: `async for invoice in aiter_invoices(client, ...)`."""
    filters = _filters(locals())  # the first statement: locals() holds the arguments only
    pager = _Pager(page_size)
    while pager.start is not None:
        page = await get_invoices.asyncio(
            client=client, count=page_size, start_index=pager.start, **filters
        )
        for invoice in pager.take(page):
            yield invoice


def _filters(arguments: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in arguments.items() if name not in ("client", "page_size")}


class _Pager:
    """Where the next page starts (None after the last one), and which invoices were seen: an
    invoice added while paging shifts the pages, and must not come out twice."""

    def __init__(self, page_size: int) -> None:
        if (
            isinstance(page_size, bool)
            or not isinstance(page_size, int)
            or not 1 <= page_size <= MAX_PAGE_SIZE
        ):
            raise ValueError(
                f"page_size must be an integer from 1 to {MAX_PAGE_SIZE}, not {page_size!r}"
            )
        self.page_size = page_size
        self.start: int | None = 0
        self.seen: set[int] = set()

    def take(self, page: InvoiceListEnvelope) -> list[Invoice]:
        fresh = [invoice for invoice in page.response if invoice.id not in self.seen]
        self.seen.update(invoice.id for invoice in fresh)
        last = isinstance(page.next_index, Unset) or len(page.response) < self.page_size
        self.start = None if last or self.start is None else self.start + self.page_size
        return fresh
