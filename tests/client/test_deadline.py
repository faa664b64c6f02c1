"""The per-call deadline: retries, their waits and reading the answer included, so that neither
a portal that never answers nor one that trickles its answer a byte at a time holds a call
longer than the client's `deadline`.

Real sockets on 127.0.0.1 (a scripted server thread), because the trickle and the cut-off body
only exist on a wire.
"""

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import pytest
from onlyoffice_crm_client import AuthenticatedClient, errors
from onlyoffice_crm_client.api.invoices import get_invoices

from tests.client.fake_portal import FakeClock, FakePortal

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


@contextmanager
def portal(behave: Callable[[socket.socket, threading.Event], None]) -> Iterator[str]:
    """A server on a free port that treats each connection with `behave`; its base URL."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    connections: list[socket.socket] = []

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            connections.append(conn)
            threading.Thread(target=behave, args=(conn, stop), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        for conn in connections:
            conn.close()
        server.close()


def silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)  # reads nothing, answers nothing


def trickle(conn: socket.socket, stop: threading.Event) -> None:
    conn.recv(65536)
    conn.sendall(HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
    ends = time.monotonic() + 8  # then the connection closes: without a deadline, no hang
    while not stop.wait(0.05) and time.monotonic() < ends:  # one byte every 50 ms
        try:
            conn.sendall(b"1\r\n \r\n")
        except OSError:
            return
    conn.close()


def cut_short(conn: socket.socket, stop: threading.Event) -> None:
    conn.recv(65536)
    conn.sendall(HEAD + b"Content-Length: 1000\r\n\r\n" + b'{"status": 0, "response": [')
    conn.close()


def client(url: str, **options) -> AuthenticatedClient:
    options.setdefault("retry", None)
    return AuthenticatedClient(base_url=url, token="t", prefix="", **options)


def test_a_portal_that_never_answers_fails_at_the_deadline_not_the_read_timeout():
    with portal(silent) as url:
        started = time.monotonic()
        with pytest.raises(errors.PortalTimeout) as raised:
            get_invoices.sync(client=client(url, timeout=httpx.Timeout(30.0), deadline=0.5))
        took = time.monotonic() - started
    assert 0.4 < took < 5  # the read timeout of 30 s was cut to the deadline
    assert isinstance(raised.value, httpx.TimeoutException)  # `except httpx.TimeoutException` holds
    assert isinstance(raised.value.__cause__, httpx.TimeoutException)
    assert raised.value.operation == "get_invoices" and raised.value.deadline == 0.5


def test_a_trickling_answer_ends_at_the_deadline():
    # Each byte arrives well within the read timeout: only the deadline ends this call.
    with portal(trickle) as url:
        started = time.monotonic()
        with pytest.raises(errors.PortalTimeout):
            get_invoices.sync(client=client(url, timeout=httpx.Timeout(5.0), deadline=1.0))
        took = time.monotonic() - started
    assert 0.9 < took < 5


def test_a_trickling_answer_ends_at_the_deadline_in_async_code_too():
    async def call() -> None:
        await get_invoices.asyncio(client=client(url, timeout=httpx.Timeout(5.0), deadline=1.0))

    with portal(trickle) as url:
        started = time.monotonic()
        with pytest.raises(errors.PortalTimeout):
            asyncio.run(call())
        took = time.monotonic() - started
    assert 0.9 < took < 5


def test_with_no_deadline_the_trickle_is_read_until_the_size_limit():
    with portal(trickle) as url, pytest.raises(errors.AnswerTooLarge):
        get_invoices.sync(client=client(url, deadline=None, max_answer_bytes=20))


def test_a_body_cut_short_on_the_wire_is_a_truncated_answer():
    with portal(cut_short) as url, pytest.raises(errors.TruncatedAnswer) as raised:
        get_invoices.sync(client=client(url))
    assert isinstance(raised.value.__cause__, httpx.RemoteProtocolError)
    assert raised.value.status_code == 200
    assert raised.value.content == b'{"status": 0, "response": ['  # what arrived
    assert 'the body starts b\'{"status": 0' in str(raised.value)


def test_a_retry_wait_past_the_deadline_is_not_waited_for():
    clock = FakeClock()
    throttled = httpx.Response(503, content=b"busy", headers={"Retry-After": "5"})
    fake = FakePortal(lambda request: throttled)
    with pytest.raises(errors.UnexpectedStatus):
        get_invoices.sync(client=fake.client(retry=clock.policy(budget=60), deadline=2.0))
    assert len(fake.requests) == 1 and clock.sleeps == []  # within the budget, not the deadline


def test_a_portal_refusing_connections_is_unreachable_after_the_retries():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        url = f"http://127.0.0.1:{taken.getsockname()[1]}"
    clock = FakeClock()  # the port is closed now: every connection is refused
    with pytest.raises(errors.PortalUnreachable) as raised:
        get_invoices.sync(client=client(url, retry=clock.policy(attempts=3)))
    assert len(clock.sleeps) == 2  # three tries
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert "get_invoices: no answer for GET http://127.0.0.1:" in str(raised.value)


def test_the_default_deadline_is_finite():
    default = AuthenticatedClient(base_url="https://portal.test", token="t")
    assert default.deadline is not None and 0 < default.deadline <= 300
    assert default.max_answer_bytes is not None and default.max_answer_bytes >= 16 * 1024 * 1024


def test_the_deadline_holds_with_an_httpx_client_of_the_callers_own():
    # set_httpx_client bypasses the client's transport (no retries): the call keeps its deadline.
    with portal(trickle) as url, httpx.Client(base_url=url, timeout=5.0) as own:
        started = time.monotonic()
        with pytest.raises(errors.PortalTimeout):
            get_invoices.sync(client=client(url, deadline=1.0).set_httpx_client(own))
        took = time.monotonic() - started
    assert 0.9 < took < 5
