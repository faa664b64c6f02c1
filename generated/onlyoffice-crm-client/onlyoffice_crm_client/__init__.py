"""A client library for accessing ONLYOFFICE CRM invoices API"""

from .batches import adelete_invoices_in_batches, delete_invoices_in_batches
from .client import AuthenticatedClient, Client
from .paging import aiter_invoices, iter_invoices
from .transport import RetryPolicy

__all__ = (
    "AuthenticatedClient",
    "Client",
    "RetryPolicy",
    "adelete_invoices_in_batches",
    "aiter_invoices",
    "delete_invoices_in_batches",
    "iter_invoices",
)
