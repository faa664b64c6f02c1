"""A pytest plugin (entry point `pytest11`) serving the mock portal to any test suite.

    def test_my_sync(mock_portal):
        acme = mock_portal.portal.add_contact("Acme Ltd", is_company=True)
        mock_portal.portal.add_invoice(number="INV-1", issue_date="2021-03-01", contact=acme)
        client = AuthenticatedClient(base_url=mock_portal.base_url,
                                     token=mock_portal.admin_token, prefix="")
        ...

`mock_portal` is a real HTTP server on 127.0.0.1 (a free port), in the test's own process, on
a fresh in-memory portal per test: users and currencies only, unless the test is marked
`@pytest.mark.mock_portal(invoices=200, seed=3)` for a generated data set. It gives the base
URL, random tokens (administrator, regular user), the data builder (`portal`: `add_contact`,
`add_invoice`, ...), `reset()` and the requests it received (`requests()`, tokens redacted).
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn

from .app import create_app
from .control import reset_data
from .portal import Portal
from .requestlog import RequestLog

START_TIMEOUT = 10.0


@dataclass
class RunningPortal:
    base_url: str  # what the generated client takes as base_url
    admin_token: str
    user_token: str
    portal: Portal  # the data builder
    log: RequestLog

    def reset(self) -> None:
        """The data set back as it started, and the request log emptied."""
        reset_data(self.portal)
        self.log.clear()

    def requests(self) -> list[dict[str, Any]]:
        """The requests served so far: method, path, query, credential, status, ms."""
        return self.log.entries()


@pytest.fixture
def mock_portal(request: pytest.FixtureRequest) -> Iterator[RunningPortal]:
    """A fresh mock ONLYOFFICE portal per test, over real HTTP on 127.0.0.1: users and
    currencies, no invoices unless marked @pytest.mark.mock_portal(invoices=200, seed=3).

    Gives `base_url` (what the generated client takes), `admin_token` and `user_token` (random),
    `portal` (the data builder: `add_contact`, `add_invoice`, ...), `reset()` and `requests()`
    (what it received, tokens redacted)."""
    marker = request.node.get_closest_marker("mock_portal")
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    admin, user = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
    portal = Portal(invoices=int(options.pop("invoices", 0)), seed=int(options.pop("seed", 1)),
                    **options)  # fmt: skip
    log = RequestLog(None, secrets=(admin, user))
    app = create_app(portal=portal, admin_token=admin, user_token=user, request_log=log)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    server = uvicorn.Server(config)  # in a thread, it leaves signal handlers alone
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the mock portal did not start")
        time.sleep(0.01)
    try:
        yield RunningPortal(f"http://127.0.0.1:{port}", admin, user, portal, log)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        portal.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "mock_portal(invoices=0, seed=1, timezone=...): the data set of the mock_portal fixture",
    )
