"""A portal far away and strict about its rate, for the runner's tests: a reverse proxy on
loopback in front of a mock portal that delays every answer, answers some requests 429 with
`Retry-After` (never passing them on), and records every request it passes on, body included."""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class Behaviour:
    delay: float = 0.0
    limit_every: int = 0  # every n-th request is answered 429 instead (0: never)
    retry_after: str = "1"
    sent: list[dict[str, str]] = field(default_factory=list)  # passed on to the portal
    limited: int = 0  # answered 429
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def handler(upstream: str, behaviour: Behaviour) -> type[http.server.BaseHTTPRequestHandler]:
    host, port = urlsplit(upstream).hostname, urlsplit(upstream).port

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args: object) -> None:
            pass

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with behaviour.lock:
                behaviour.in_flight += 1
                behaviour.most_in_flight = max(behaviour.most_in_flight, behaviour.in_flight)
                number = len(behaviour.sent) + behaviour.limited + 1
                limited = bool(behaviour.limit_every) and number % behaviour.limit_every == 0
                if limited:
                    behaviour.limited += 1
            try:
                time.sleep(behaviour.delay)
                if limited:
                    self._answer(429, [("Retry-After", behaviour.retry_after)], b"")
                    return
                path, _, query = self.path.partition("?")
                with behaviour.lock:
                    behaviour.sent.append(
                        {"method": self.command, "path": path, "query": query,
                         "body": body.decode("utf-8", "replace")}
                    )  # fmt: skip
                connection = http.client.HTTPConnection(host or "127.0.0.1", port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
                connection.request(self.command, self.path, body=body or None, headers=headers)
                answer = connection.getresponse()
                content = answer.read()
                connection.close()
                kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP]
                self._answer(answer.status, kept, content)
            finally:
                with behaviour.lock:
                    behaviour.in_flight -= 1

        def _answer(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_DELETE = do_POST = do_PUT = do_PATCH = do_OPTIONS = do_HEAD = _any

    return Handler


@contextmanager
def slow_portal(upstream: str, behaviour: Behaviour) -> Iterator[str]:
    """The address of `upstream` behind the proxy."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(upstream, behaviour))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
