"""The benchmarks' delaying proxy (bench/delay_proxy.py): answers pass unchanged and no sooner
than the delay, on loopback only. Lower bounds only: no speed is asserted."""

from __future__ import annotations

import http.server
import threading
import time

import httpx
import pytest

from bench.delay_proxy import DelayProxy, delayed, loopback_host


class _Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        answer = body[::-1] * 1000  # larger than one read of the proxy
        self.send_response(201)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def upstream():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_answers_pass_unchanged_and_no_sooner_than_the_delay(upstream):
    with delayed(upstream, 0.2) as url, httpx.Client(base_url=url) as client:
        for _ in range(3):  # one keep-alive connection: every answer is delayed
            started = time.perf_counter()
            answer = client.post("/", content=b"abc")
            assert time.perf_counter() - started >= 0.2
            assert answer.status_code == 201
            assert answer.content == b"cba" * 1000


@pytest.mark.parametrize("host", ["10.0.0.1", "example.com", "0.0.0.0", "::"])
def test_only_a_loopback_upstream_is_accepted(host):
    with pytest.raises(ValueError, match="loopback only"):
        DelayProxy(host, 80, 0.05)
    assert loopback_host("localhost") == "127.0.0.1"
    assert loopback_host("127.0.0.1") == "127.0.0.1"


def test_a_negative_delay_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        DelayProxy("127.0.0.1", 80, -1)
