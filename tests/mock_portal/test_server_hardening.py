"""The real server against hostile callers: its options, its tokens, the Host it answers, the
size of a request head, and a large delete that must not hold up other requests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

import httpx
import pytest

from mock_portal.process import READY_LINE

FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"
FIXED_ADMIN = {"Authorization": "admin-token"}

pytestmark = pytest.mark.slow


def mock_portal(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("mock-portal")
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, timeout=30, env=env, check=False
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "-5"], "argument --port: -5 is out of range: from 0 to 65535"),
        (["--port", "70000"], "argument --port: 70000 is out of range: from 0 to 65535"),
        (["--port", "http"], "argument --port: 'http' is not an integer"),
        (["--host", "999.1.1.1"], "argument --host: '999.1.1.1' is not an IP address or a host"),
        (["--max-body", "-1"], "argument --max-body: -1 is out of range: 1024 or more"),
        (["--invoices", "-3"], "argument --invoices: -3 is out of range: from 0 to 10000000"),
        (["--db", "/no/such/folder/p.sqlite"], "the folder /no/such/folder does not exist"),
        (["--admin-token", "a b"], "argument --admin-token: a token is printable ASCII"),
        (
            ["--base-url", "javascript:alert(1)"],
            "argument --base-url: 'javascript:alert(1)' is not",
        ),
        (["--timezone", "Mars/Olympus"], "unknown time zone: 'Mars/Olympus'"),
        (["--admin-token", "same", "--user-token", "same"], "tokens must differ"),
    ],
)
def test_a_bad_option_is_one_line_and_no_server(args, message):
    done = mock_portal("--db", ":memory:", *args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("mock-portal: error: ")]
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert READY_LINE not in done.stdout


def test_a_bad_environment_value_is_one_line_too():
    done = mock_portal("--db", ":memory:", env={**os.environ, "MOCK_PORTAL_PORT": "eighty"})
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "mock-portal: error: argument --port: 'eighty' is not an integer"
    )


def test_a_port_in_use_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = mock_portal("--db", ":memory:", "--port", str(port))
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"mock-portal: error: cannot listen on 127.0.0.1 port {port}: ")
    )


def printed_tokens(server) -> dict[str, str]:
    lines = "".join(server.stdout).split(READY_LINE)[0].splitlines()
    return dict(line.split(" token: ") for line in lines if " token: " in line)


def test_tokens_are_random_unless_given_and_printed_once(portal_server):
    first = portal_server("--db", ":memory:", "--invoices", "3")
    second = portal_server("--db", ":memory:", "--invoices", "3")
    tokens, others = printed_tokens(first), printed_tokens(second)
    assert set(tokens) == {"admin", "user"}
    assert len(tokens["admin"]) >= 24 and tokens["admin"] != others["admin"]
    with httpx.Client(base_url=first.url, timeout=10) as client:
        assert client.get(FILTER, headers=FIXED_ADMIN).status_code == 401
        assert client.get(FILTER, headers={"Authorization": tokens["admin"]}).status_code == 200
    assert "".join(first.stdout + first.stderr).count(tokens["admin"]) == 1


def test_fixed_tokens_on_request_and_tokens_from_the_environment(portal_server):
    fixed = portal_server("--db", ":memory:", "--invoices", "3", "--fixed-tokens")
    env = {**os.environ, "MOCK_PORTAL_ADMIN_TOKEN": "from-the-environment"}
    given = portal_server("--db", ":memory:", "--invoices", "3", env=env)
    with httpx.Client(timeout=10) as client:
        assert client.get(fixed.url + FILTER, headers=FIXED_ADMIN).status_code == 200
        auth = {"Authorization": "from-the-environment"}
        assert client.get(given.url + FILTER, headers=auth).status_code == 200
    # a token the caller gave is never echoed into a log; the one the server made still is
    printed = printed_tokens(given)
    assert "from-the-environment" not in "".join(given.stdout + given.stderr)
    assert printed["admin"] == "(as given, not shown)" and len(printed["user"]) >= 24


def test_only_loopback_names_and_allowed_hosts_are_answered(portal_server):
    """A DNS-rebinding page sends its own name as Host: 400, like IIS for an unknown host."""
    server = portal_server("--db", ":memory:", "--invoices", "3", "--fixed-tokens",
                           "--allowed-host", "portal.test")  # fmt: skip
    port = server.url.rsplit(":", 1)[1]
    with httpx.Client(base_url=server.url, headers=FIXED_ADMIN, timeout=10) as client:
        for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.2", ""):
            answer = client.get(FILTER, headers={"Host": host})
            assert answer.status_code == 400, host
            assert "Invalid Hostname" in answer.text
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST", "portal.test"):
            assert client.get(FILTER, headers={"Host": host}).status_code == 200, host


def raw_request(url: str, head: bytes) -> bytes:
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        # the server may close the connection before all is sent: its answer is still there
        with contextlib.suppress(OSError):
            sock.sendall(head)
        return sock.recv(4096)


def test_a_request_head_over_sixty_four_kib_is_refused_with_431(portal_server):
    server = portal_server("--db", ":memory:", "--invoices", "3", "--fixed-tokens")
    start = (
        b"GET "
        + FILTER.encode()
        + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: admin-token\r\n"
    )
    small = raw_request(server.url, start + b"X-Pad: " + b"a" * 60_000 + b"\r\n\r\n")
    assert small.startswith(b"HTTP/1.1 200 ")
    big = raw_request(server.url, start + b"X-Pad: " + b"a" * (16 << 20) + b"\r\n\r\n")
    assert big.startswith(b"HTTP/1.1 431 ")
    with httpx.Client(base_url=server.url, headers=FIXED_ADMIN, timeout=10) as client:
        assert client.get(FILTER).status_code == 200  # still serving


def test_a_large_delete_does_not_hold_up_other_requests(tmp_path, portal_server):
    invoices = 30_000
    server = portal_server("--db", str(tmp_path / "big.sqlite"), "--invoices", str(invoices),
                           "--fixed-tokens", timeout=120)  # fmt: skip
    body = {"invoiceids": list(range(1, invoices + 1))}
    finished = threading.Event()
    delete: dict[str, float] = {}

    def big_delete() -> None:
        with httpx.Client(base_url=server.url, headers=FIXED_ADMIN, timeout=120) as client:
            started = time.perf_counter()
            answer = client.request("DELETE", DELETE, json=body)
            delete["seconds"] = time.perf_counter() - started
            delete["status"] = answer.status_code
            finished.set()

    latencies: list[float] = []
    with httpx.Client(base_url=server.url, headers=FIXED_ADMIN, timeout=120) as client:
        client.get(FILTER, params={"count": 1})
        thread = threading.Thread(target=big_delete)
        thread.start()
        time.sleep(0.05)  # the delete has begun
        while not finished.is_set():
            started = time.perf_counter()
            assert client.get(FILTER, params={"count": 1}).status_code == 200
            latencies.append(time.perf_counter() - started)
        thread.join()
        assert delete["status"] == 200
        assert client.get(FILTER, params={"count": 1}).json()["total"] == 0
    # Before, every request waited for the whole delete: one or two got through, each taking
    # about as long as the delete itself.
    assert len(latencies) >= 5, (delete, latencies)
    assert max(latencies) < delete["seconds"] / 2, (delete, max(latencies))


def test_version_answers_without_starting_a_server():
    done = subprocess.run(
        [sys.executable, "-m", "mock_portal.cli", "--version", "--port", "1"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and READY_LINE not in done.stdout
    assert done.stdout.split() == ["mock-portal", metadata.version("onlyoffice-invoice-contract")]
