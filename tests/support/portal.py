"""Serving the mock portal to tests, one fixture per way (a pytest plugin, see tests/conftest.py):

- `portal_client`: in process. `portal_client(portal=None, **options)` gives a Starlette
  TestClient on `create_app` (an httpx client; `client.app.state.portal` is the Portal). Without
  `portal`, `create_app` builds one from `options` (`invoices`, `seed`, `timezone`, ...).
- `portal_server`: a real `mock-portal` process. `portal_server(*options, timeout=60)` starts
  one on a free loopback port and gives its `PortalProcess` (`.url`); stopped at teardown.

Module-scoped fixtures, which cannot use these, call `client_for` or use `PortalProcess` as a
context manager.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from mock_portal import Portal, create_app
from mock_portal.process import PortalProcess
from tests.support.mock_data import VISITOR

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from starlette.testclient import TestClient


def client_for(portal: Portal | None = None, **options: Any) -> TestClient:
    """A TestClient on the mock portal app; the visitor token is VISITOR unless given."""
    options.setdefault("visitor_token", VISITOR)
    app = create_app(portal=portal, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx2
        return TestClient(app, raise_server_exceptions=True)


@pytest.fixture
def portal_client() -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []
    built: list[Portal] = []  # the portals create_app built; a caller's portal is the caller's

    def make(portal: Portal | None = None, **options: Any) -> TestClient:
        client = client_for(portal, **options)
        clients.append(client)
        if portal is None:
            built.append(client.app.state.portal)
        return client

    yield make
    for client in clients:
        client.close()
    for portal in built:
        portal.close()


@pytest.fixture
def portal_server() -> Iterator[Callable[..., PortalProcess]]:
    started: list[PortalProcess] = []

    def start(
        *options: str,
        timeout: float = 60.0,
        secrets: tuple[str, ...] = (),
        env: Mapping[str, str] | None = None,
    ) -> PortalProcess:
        server = PortalProcess(*options, timeout=timeout, secrets=secrets, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
