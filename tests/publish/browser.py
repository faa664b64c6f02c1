"""Headless Chromium driven by Selenium through Debian's chromedriver, for the reference-page test.

What it gives a test:

* ``StaticServer``: a directory served on 127.0.0.1 (port 0) by ``http.server`` in a thread;
* ``RecordingProxy``: a proxy on 127.0.0.1 that forwards nothing. Chromium is started with it
  as its only proxy, so every request that would leave the machine (from the page, a worker,
  or the browser itself, by host name or by IP address) arrives here instead, is written
  down and refused. Loopback addresses bypass a proxy in Chromium, so the page server is
  reached directly;
* ``browser()``: Chromium on a throwaway profile; ``open`` gives a ``Page`` that runs
  JavaScript, waits (bounded) for a condition, takes a PNG screenshot and lists every request
  the page made (chromedriver's performance log: ``Network.requestWillBeSent``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import socketserver
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import (
    JavascriptException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.wait import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
LOOPBACK = "127.0.0.1"
WINDOW = (1280, 900)
# Flags this machine needs (no sandbox, GPU or QUIC in a container) and the ones that keep
# Chromium's own background traffic down, so the proxy mostly sees what the page asked for.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--disable-features=OptimizationHints,MediaRouter,Translate,NetworkTimeServiceQuerying,"
    "AutofillServerCommunication,CertificateTransparencyComponentUpdater",
)


class BrowserError(Exception):
    """Chromium or chromedriver could not be started or driven."""


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
    server: RecordingProxy

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
                self.server.lines.append(line)
        with contextlib.suppress(OSError):
            self.request.sendall(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )


class RecordingProxy(socketserver.ThreadingTCPServer):
    """A proxy that records each request line (``CONNECT host:443 …``, ``GET http://…``) and
    refuses it: nothing is forwarded."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__((LOOPBACK, 0), _ProxyHandler)
        self.port = self.server_address[1]
        self.lock = threading.Lock()
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def seen(self) -> list[str]:
        with self.lock:
            return list(self.lines)

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


class Page:
    """The browser's tab: run JavaScript in it, wait for conditions, read what it requested."""

    def __init__(self, driver: webdriver.Chrome, timeout: float) -> None:
        self._driver = driver
        self._timeout = timeout
        self._requests: list[str] = []

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression."""
        return self._driver.execute_script(f"return ({expression});")

    def wait_for(self, expression: str, timeout: float | None = None) -> bool:
        """Poll until ``expression`` is true; False if it is not within ``timeout`` seconds."""
        wait = WebDriverWait(
            self._driver,
            timeout or self._timeout,
            poll_frequency=0.2,
            # While a new document loads the expression may throw: that is "not yet".
            ignored_exceptions=(JavascriptException,),
        )
        try:
            wait.until(lambda _: self.evaluate(f"Boolean({expression})") is True)
        except TimeoutException:
            return False
        return True

    def idle(self, seconds: float) -> None:
        """Let the page run for ``seconds``."""
        time.sleep(seconds)

    def screenshot(self) -> bytes:
        return self._driver.get_screenshot_as_png()

    @property
    def requests(self) -> list[str]:
        """Every URL the page asked for so far (``Network.requestWillBeSent`` events)."""
        # Reading the log empties it, so what was read is kept.
        for entry in self._driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self._requests.append(message["params"]["request"]["url"])
        return list(self._requests)


class Chromium:
    """Chromium on a throwaway profile, every outside request sent to ``proxy``."""

    def __init__(self, driver: webdriver.Chrome, timeout: float) -> None:
        self._driver = driver
        self._timeout = timeout

    def open(self, url: str) -> Page:
        """The browser's tab at ``url``, its requests recorded from the first one."""
        # The log so far is the blank tab chromedriver opened with: not the page's.
        self._driver.get_log("performance")
        page = Page(self._driver, self._timeout)
        self._driver.get(url)
        return page


def _options(proxy: RecordingProxy, profile: str) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--proxy-server=http://{LOOPBACK}:{proxy.port}")
    options.add_argument(f"--window-size={WINDOW[0]},{WINDOW[1]}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return options


@contextlib.contextmanager
def browser(timeout: float = 30.0) -> Iterator[tuple[Chromium, RecordingProxy]]:
    """A recording proxy and a Chromium that uses it; both stopped on exit."""
    for binary, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not binary.is_file():
            raise BrowserError(f"{binary} is missing: install the Debian package {package} "
                               "(make system-deps)")  # fmt: skip
    with (
        RecordingProxy() as proxy,
        tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile,
    ):
        log = Path(profile) / "chromedriver.log"
        # The driver's path is given, so Selenium Manager never looks for (or downloads) one.
        service = Service(executable_path=str(CHROMEDRIVER), log_output=str(log))
        try:
            driver = webdriver.Chrome(service=service, options=_options(proxy, profile))
        except WebDriverException as exc:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise BrowserError(f"chromium did not start: {exc.msg}\n{tail}") from None
        try:
            driver.set_page_load_timeout(timeout)
            driver.set_script_timeout(timeout)
            # The viewport itself is WINDOW, whatever room the headless window keeps.
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False},
            )
            yield Chromium(driver, timeout), proxy
        finally:
            driver.quit()
