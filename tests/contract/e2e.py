"""The client's end-to-end data set: a real `mock-portal` server with these options, and the
generated client pointed at it. The server fixtures are in tests/contract/conftest.py."""

from __future__ import annotations

from pathlib import Path

import httpx
from onlyoffice_crm_client import AuthenticatedClient

from mock_portal.process import PortalProcess

ADMIN_TOKEN = "e2e-admin-token"
USER_TOKEN = "e2e-user-token"
TIMEZONE = "America/New_York"  # not the default, and with daylight saving time
INVOICES = 300
SEED = 11
START_TIMEOUT = 30.0
HTTP_TIMEOUT = httpx.Timeout(10.0)


def portal_options(workdir: Path) -> tuple[str, ...]:
    """`mock-portal` options for a fresh SQLite file in `workdir` and this module's data set."""
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "portal.sqlite"
    assert not db.exists(), "the database must be fresh"
    return (
        "--db", str(db), "--invoices", str(INVOICES), "--seed", str(SEED),
        "--timezone", TIMEZONE, "--admin-token", ADMIN_TOKEN, "--user-token", USER_TOKEN,
    )  # fmt: skip


def client_for(server: PortalProcess, token: str, **options: object) -> AuthenticatedClient:
    """The generated client on `server`, authenticated with `token`."""
    return AuthenticatedClient(
        base_url=server.url, token=token, prefix="", timeout=HTTP_TIMEOUT, **options
    )
