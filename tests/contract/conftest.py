"""Fixtures of the contract tests: real `mock-portal` servers for the generated client's
end-to-end tests (`tests/contract/e2e.py` holds their data set)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from onlyoffice_crm_client import AuthenticatedClient

from mock_portal.process import PortalProcess
from tests.contract.e2e import (
    ADMIN_TOKEN,
    START_TIMEOUT,
    USER_TOKEN,
    client_for,
    portal_options,
)


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalProcess]:
    """A portal whose data no test changes (filters, paging, visibility, auth)."""
    options = portal_options(tmp_path_factory.mktemp("e2e-portal"))
    with PortalProcess(*options, timeout=START_TIMEOUT) as server:
        yield server


@pytest.fixture
def scratch_portal(portal_server: Callable[..., PortalProcess], tmp_path: Path) -> PortalProcess:
    """A fresh portal per test, for tests that delete."""
    return portal_server(*portal_options(tmp_path / "portal"), timeout=START_TIMEOUT)


@pytest.fixture(scope="module")
def admin(portal: PortalProcess) -> Iterator[AuthenticatedClient]:
    with client_for(portal, ADMIN_TOKEN) as client:
        yield client


@pytest.fixture(scope="module")
def user(portal: PortalProcess) -> Iterator[AuthenticatedClient]:
    with client_for(portal, USER_TOKEN) as client:
        yield client
