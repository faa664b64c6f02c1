"""Fixtures for the client's end-to-end tests: a real `mock-portal` server in a subprocess.

Imported by `test_client_e2e.py` (not a conftest of its own, so the contract tests' conftest
stays untouched). The committed client is importable through tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from onlyoffice_crm_client import AuthenticatedClient

from mock_portal.process import PortalProcess

ADMIN_TOKEN = "e2e-admin-token"
USER_TOKEN = "e2e-user-token"
TIMEZONE = "America/New_York"  # not the default, and with daylight saving time
INVOICES = 300
SEED = 11
START_TIMEOUT = 30.0
HTTP_TIMEOUT = httpx.Timeout(10.0)


class PortalServer(PortalProcess):
    """`mock-portal` on 127.0.0.1 with a fresh SQLite file and this module's data set."""

    def __init__(self, workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        db = workdir / "portal.sqlite"
        assert not db.exists(), "the database must be fresh"
        super().__init__(
            "--db", str(db), "--invoices", str(INVOICES), "--seed", str(SEED),
            "--timezone", TIMEZONE, "--admin-token", ADMIN_TOKEN, "--user-token", USER_TOKEN,
            timeout=START_TIMEOUT,
        )  # fmt: skip
        assert self.url.startswith("http://127.0.0.1:") and not self.url.endswith(":0"), self.url

    def client(self, token: str, **options: object) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=self.url, token=token, prefix="", timeout=HTTP_TIMEOUT, **options
        )


def _serve(workdir: Path) -> Iterator[PortalServer]:
    server = PortalServer(workdir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalServer]:
    """A portal whose data no test changes (filters, paging, visibility, auth)."""
    yield from _serve(tmp_path_factory.mktemp("e2e-portal"))


@pytest.fixture
def scratch_portal(tmp_path: Path) -> Iterator[PortalServer]:
    """A fresh portal per test, for tests that delete."""
    yield from _serve(tmp_path / "portal")


@pytest.fixture(scope="module")
def admin(portal: PortalServer) -> Iterator[AuthenticatedClient]:
    with portal.client(ADMIN_TOKEN) as client:
        yield client


@pytest.fixture(scope="module")
def user(portal: PortalServer) -> Iterator[AuthenticatedClient]:
    with portal.client(USER_TOKEN) as client:
        yield client
