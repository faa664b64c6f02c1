"""A stateful mock of an ONLYOFFICE CRM portal's invoice list and batch delete operations."""

from .app import create_app
from .portal import Portal

__all__ = ["Portal", "create_app"]
