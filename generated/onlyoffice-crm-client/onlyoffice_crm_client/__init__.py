"""A client library for accessing ONLYOFFICE CRM invoices API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
