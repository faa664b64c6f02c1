"""The client's default timeouts: a portal that never answers must not hang the caller.

Catches a regression to ``timeout=None`` (httpx's "wait forever").
"""

import socket
import threading
import time

import httpx
import pytest
from onlyoffice_crm_client import AuthenticatedClient, Client
from onlyoffice_crm_client.api.invoices import get_invoices


@pytest.mark.parametrize("cls", [Client, AuthenticatedClient])
def test_default_timeouts_are_finite(cls: type) -> None:
    kwargs = {"token": "t"} if cls is AuthenticatedClient else {}
    timeout = cls(base_url="https://portal.test", **kwargs).get_httpx_client().timeout
    assert timeout.connect is not None and timeout.connect > 0
    assert timeout.read is not None and timeout.read > 0


def test_a_timeout_given_by_the_caller_wins() -> None:
    client = AuthenticatedClient(
        base_url="https://portal.test", token="t", timeout=httpx.Timeout(None)
    )
    assert client.get_httpx_client().timeout.read is None


def test_a_portal_that_never_answers_fails_within_the_read_timeout() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True)
    thread.start()
    port = server.getsockname()[1]
    client = AuthenticatedClient(
        base_url=f"http://127.0.0.1:{port}", token="t", timeout=httpx.Timeout(0.5)
    )
    started = time.monotonic()
    try:
        with pytest.raises(httpx.TimeoutException):
            get_invoices.sync_detailed(client=client)
    finally:
        for conn in accepted:
            conn.close()
        server.close()
    assert time.monotonic() - started < 30
