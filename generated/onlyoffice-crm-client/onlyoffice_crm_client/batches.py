"""Delete many invoices, a batch per request: `delete_invoices_in_batches` and its async form."""

from __future__ import annotations

from collections.abc import Iterable

from .api.invoices import delete_invoices
from .client import AuthenticatedClient, Client
from .models import DeleteInvoicesRequest, Invoice

DEFAULT_BATCH_SIZE = 100


def delete_invoices_in_batches(
    client: AuthenticatedClient | Client,
    ids: Iterable[int],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> list[Invoice]:
    """Delete the invoices with these ids, `batch_size` per request, and return every invoice
    deleted (ids that do not exist or that the user may not delete are skipped by the portal).

    Raises ValueError before any request for an empty id list (the portal answers it with 400),
    an id that is not an integer, or a batch size below 1; and the errors of
    `delete_invoices.sync`, noting how many invoices the earlier batches deleted.
    """
    deleted: list[Invoice] = []
    for batch in _batches(ids, batch_size):
        try:
            answer = delete_invoices.sync(
                client=client, body=DeleteInvoicesRequest(invoiceids=batch)
            )
        except Exception as error:
            _note_progress(error, deleted)
            raise
        deleted.extend(answer.response)
    return deleted


async def adelete_invoices_in_batches(
    client: AuthenticatedClient | Client,
    ids: Iterable[int],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> list[Invoice]:
    """`delete_invoices_in_batches` for asyncio."""
    deleted: list[Invoice] = []
    for batch in _batches(ids, batch_size):
        try:
            answer = await delete_invoices.asyncio(
                client=client, body=DeleteInvoicesRequest(invoiceids=batch)
            )
        except Exception as error:
            _note_progress(error, deleted)
            raise
        deleted.extend(answer.response)
    return deleted


def _batches(ids: Iterable[int], batch_size: int) -> list[list[int]]:
    """The ids, each once, cut into batches; every check is made before the first request."""
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, not {batch_size!r}")
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise ValueError("no invoice ids to delete: the portal refuses an empty list with 400")
    wrong = [value for value in unique if isinstance(value, bool) or not isinstance(value, int)]
    if wrong:
        raise ValueError(f"invoice ids must be integers, not {wrong[0]!r}")
    return [unique[at : at + batch_size] for at in range(0, len(unique), batch_size)]


def _note_progress(error: Exception, deleted: list[Invoice]) -> None:
    if deleted:
        ids = [invoice.id for invoice in deleted]
        error.add_note(f"{len(ids)} invoice(s) deleted by the earlier batches: ids {ids}")
