"""Fixtures for the client's end-to-end tests: a real `mock-portal` server in a subprocess.

Imported by `test_client_e2e.py` (not a conftest of its own, so the contract tests' conftest
stays untouched). The committed client is imported from its folder, as the client tests do.
"""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CLIENT_ROOT = REPO / "generated" / "onlyoffice-crm-client"
if str(CLIENT_ROOT) not in sys.path:
    sys.path.insert(0, str(CLIENT_ROOT))

from onlyoffice_crm_client import AuthenticatedClient  # noqa: E402

READY = "mock portal ready at "
ADMIN_TOKEN = "e2e-admin-token"
USER_TOKEN = "e2e-user-token"
TIMEZONE = "America/New_York"  # not the default, and with daylight saving time
INVOICES = 300
SEED = 11
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
HTTP_TIMEOUT = httpx.Timeout(10.0)


class PortalServer:
    """`mock-portal --host 127.0.0.1 --port 0` on a fresh SQLite file, up once its ready line
    is printed; stopped with SIGTERM, then SIGKILL."""

    def __init__(self, workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        script = Path(sys.executable).with_name("mock-portal")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "mock_portal.cli"]
        db = workdir / "portal.sqlite"
        assert not db.exists(), "the database must be fresh"
        self.log_path = workdir / "stderr.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [
                *command,
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--db",
                str(db),
                "--invoices",
                str(INVOICES),
                "--seed",
                str(SEED),
                "--timezone",
                TIMEZONE,
                "--admin-token",
                ADMIN_TOKEN,
                "--user-token",
                USER_TOKEN,
            ],  # fmt: skip
            stdout=subprocess.PIPE,
            stderr=self._log,  # a file: a full pipe would stall the server
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.stdout: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        try:
            self.url = self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.stdout.append(line)
            self._lines.put(line)

    def _wait_ready(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            if self.proc.poll() is not None and self._lines.empty():
                break
            try:
                line = self._lines.get(timeout=min(left, 0.2))
            except queue.Empty:
                continue
            if line.startswith(READY):
                url = line[len(READY) :].strip()
                assert url.startswith("http://127.0.0.1:") and not url.endswith(":0"), url
                return url
        raise RuntimeError(
            f"mock-portal not ready within {START_TIMEOUT} s (exit code {self.proc.poll()}); "
            f"stdout: {''.join(self.stdout)!r}; stderr: {self.log_path.read_text()[-2000:]!r}"
        )

    def client(self, token: str, **options: object) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=self.url, token=token, prefix="", timeout=HTTP_TIMEOUT, **options
        )

    def stop(self) -> None:
        try:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=STOP_TIMEOUT)
        finally:
            self._log.close()


def _serve(workdir: Path) -> Iterator[PortalServer]:
    server = PortalServer(workdir)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalServer]:
    """A portal whose data no test changes (filters, paging, visibility, auth)."""
    yield from _serve(tmp_path_factory.mktemp("e2e-portal"))


@pytest.fixture
def scratch_portal(tmp_path: Path) -> Iterator[PortalServer]:
    """A fresh portal per test, for tests that delete."""
    yield from _serve(tmp_path / "portal")


@pytest.fixture(scope="module")
def admin(portal: PortalServer) -> Iterator[AuthenticatedClient]:
    with portal.client(ADMIN_TOKEN) as client:
        yield client


@pytest.fixture(scope="module")
def user(portal: PortalServer) -> Iterator[AuthenticatedClient]:
    with portal.client(USER_TOKEN) as client:
        yield client
