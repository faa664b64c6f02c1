"""Headless Chromium driven over the Chrome DevTools Protocol, with the standard library only.

What it gives a test:

* ``StaticServer``: a directory served on 127.0.0.1 (port 0) by ``http.server`` in a thread;
* ``RecordingProxy``: a proxy on 127.0.0.1 that forwards nothing. Chromium is started with it
  as its only proxy, so every request that would leave the machine (from the page, a worker,
  or the browser itself, by host name or by IP address) arrives here instead, is written
  down and refused. Loopback addresses bypass a proxy in Chromium, so the page server is
  reached directly;
* ``Chromium``: the browser on a throwaway profile and its DevTools websocket; ``open`` gives
  a ``Page`` that runs JavaScript, waits (bounded) for a condition, takes a PNG screenshot
  and lists every request the page made (``Network.requestWillBeSent``).

The websocket client implements just what CDP needs from RFC 6455: the client handshake,
masked text frames out, text/continuation/ping/close frames in.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import http.server
import json
import os
import shutil
import socket
import socketserver
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
LOOPBACK = "127.0.0.1"
_WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class BrowserError(Exception):
    """Chromium could not be started, driven or read in time."""


# --- servers --------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


class StaticServer:
    """Serve ``root`` on 127.0.0.1 from a daemon thread; use as a context manager."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self._server = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{LOOPBACK}:{self.port}/{path.lstrip('/')}"

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _ProxyHandler(socketserver.BaseRequestHandler):
    server: _ProxyServer

    def handle(self) -> None:
        self.request.settimeout(5)
        data = b""
        with contextlib.suppress(OSError):
            while b"\r\n" not in data and len(data) < 65536:
                chunk = self.request.recv(4096)
                if not chunk:
                    break
                data += chunk
        line = data.split(b"\r\n", 1)[0].decode("latin-1").strip()
        if line:
            with self.server.lock:
                self.server.seen.append(line)
        with contextlib.suppress(OSError):
            self.request.sendall(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )


class _ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__((LOOPBACK, 0), _ProxyHandler)
        self.lock = threading.Lock()
        self.seen: list[str] = []


class RecordingProxy:
    """A proxy that records each request line (``CONNECT host:443 …``, ``GET http://…``)."""

    def __init__(self) -> None:
        self._server = _ProxyServer()
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def seen(self) -> list[str]:
        with self._server.lock:
            return list(self._server.seen)

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# --- websocket ------------------------------------------------------------------------------


class WebSocket:
    """A minimal RFC 6455 client for one ``ws://`` URL on loopback."""

    def __init__(self, url: str, timeout: float) -> None:
        if not url.startswith("ws://"):
            raise BrowserError(f"unexpected DevTools URL {url!r}")
        hostport, _, path = url[len("ws://") :].partition("/")
        host, _, port = hostport.rpartition(":")
        self._sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self._sock.sendall(request.encode())
        self._buffer = b""
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        expected = base64.b64encode(hashlib.sha1((key + _WS_GUID).encode()).digest()).decode()
        if not head.startswith("HTTP/1.1 101") or expected not in head:
            raise BrowserError(f"websocket handshake refused: {head.splitlines()[0]!r}")

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self._buffer:
            self._fill()
        head, _, self._buffer = self._buffer.partition(marker)
        return head

    def _fill(self) -> None:
        chunk = self._sock.recv(1 << 20)
        if not chunk:
            raise BrowserError("the DevTools connection closed")
        self._buffer += chunk

    def _read_exact(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        size = len(payload)
        if size < 126:
            header += bytes([0x80 | size])
        elif size < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", size)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", size)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self._sock.sendall(header + mask + masked)

    def send(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def receive(self, timeout: float) -> str:
        """The next text message; raises ``TimeoutError`` if none arrives within ``timeout``."""
        self._sock.settimeout(max(timeout, 0.01))
        parts: list[bytes] = []
        while True:
            first, second = self._read_exact(2)
            opcode, final = first & 0x0F, bool(first & 0x80)
            size = second & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", self._read_exact(2))
            elif size == 127:
                (size,) = struct.unpack("!Q", self._read_exact(8))
            mask = self._read_exact(4) if second & 0x80 else b""
            payload = self._read_exact(size)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise BrowserError("the browser closed the DevTools connection")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x0, 0x1, 0x2):
                parts.append(payload)
                if final:
                    return b"".join(parts).decode()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._send_frame(0x8, b"")
        self._sock.close()


# --- the browser ----------------------------------------------------------------------------


class Page:
    """One tab: run JavaScript in it, wait for conditions, and read what it requested."""

    def __init__(self, browser: Chromium, target: str, session: str) -> None:
        self._browser = browser
        self._target = target
        self._session = session
        self._events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._browser._call(method, params, self._session, self._events)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression (promises are awaited)."""
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        answer = self.call("Runtime.evaluate", params)
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression!r} threw: {answer['exceptionDetails']}")
        return answer.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float | None = None) -> bool:
        """Poll until ``expression`` is true; False if it is not within ``timeout`` seconds."""
        deadline = time.monotonic() + (timeout or self._browser.timeout)
        while time.monotonic() < deadline:
            # While a new document loads the expression may throw: that is "not yet".
            with contextlib.suppress(BrowserError):
                if self.evaluate(f"Boolean({expression})") is True:
                    return True
            self.idle(0.2)
        return False

    def idle(self, seconds: float) -> None:
        """Let the page run for ``seconds``, recording its events."""
        self._browser._drain(self._events, seconds)

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])

    @property
    def requests(self) -> list[str]:
        """Every URL the page asked for so far (CDP ``Network.requestWillBeSent``)."""
        return [
            event["params"]["request"]["url"]
            for event in self._events
            if event.get("sessionId") == self._session
            and event.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        self._browser._call("Target.closeTarget", {"targetId": self._target})


class Chromium:
    """Headless Chromium on a throwaway profile, every outside request sent to ``proxy``."""

    def __init__(self, proxy: RecordingProxy, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
        self._log = (self._profile / "chromium.log").open("wb")
        command = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--remote-debugging-port=0",
            f"--user-data-dir={self._profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--disable-features=OptimizationHints,MediaRouter,Translate,"
            "NetworkTimeServiceQuerying,AutofillServerCommunication,"
            "CertificateTransparencyComponentUpdater",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-component-extensions-with-background-pages",
            "--disable-client-side-phishing-detection",
            "--disable-domain-reliability",
            "--safebrowsing-disable-auto-update",
            "--no-pings",
            "--metrics-recording-only",
            "--disable-breakpad",
            f"--proxy-server=http://{LOOPBACK}:{proxy.port}",
            "--window-size=1280,900",
            "about:blank",
        ]
        self._process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        self._next_id = 0
        try:
            self._ws = WebSocket(self._devtools_url(), timeout=self.timeout)
        except BaseException:
            self.close()
            raise

    def _devtools_url(self) -> str:
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BrowserError(f"chromium exited early:\n{self.log_tail()}")
            with contextlib.suppress(OSError, ValueError):
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    return f"ws://{LOOPBACK}:{int(lines[0])}{lines[1]}"
            time.sleep(0.05)
        raise BrowserError(f"chromium gave no DevTools port in {self.timeout:.0f}s")

    def log_tail(self) -> str:
        self._log.flush()
        text = (self._profile / "chromium.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-20:])

    def _call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        events: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"no answer to {method} within {self.timeout:.0f}s")
            try:
                reply = json.loads(self._ws.receive(left))
            except TimeoutError:
                continue
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if events is not None and "method" in reply:
                events.append(reply)

    def _drain(self, events: list[dict[str, Any]], seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = json.loads(self._ws.receive(left))
            except TimeoutError:
                return
            if "method" in event:
                events.append(event)

    def open(self, url: str) -> Page:
        """A new tab at ``url``, with its network events recorded from the first request."""
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, target, attached["sessionId"])
        for method in ("Network.enable", "Page.enable", "Runtime.enable"):
            page.call(method)
        page.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        page.call("Page.navigate", {"url": url})
        return page

    def close(self) -> None:
        ws = getattr(self, "_ws", None)
        if ws is not None:
            with contextlib.suppress(Exception):
                self._ws.send(json.dumps({"id": 0, "method": "Browser.close"}))
            ws.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)


@contextlib.contextmanager
def browser(timeout: float = 30.0) -> Iterator[tuple[Chromium, RecordingProxy]]:
    """A recording proxy and a Chromium that uses it; both stopped on exit."""
    with RecordingProxy() as proxy:
        chromium = Chromium(proxy, timeout=timeout)
        try:
            yield chromium, proxy
        finally:
            chromium.close()
