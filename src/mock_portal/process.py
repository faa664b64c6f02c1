"""The `mock-portal` command in a child process, for scripts and tests that need a real server.

It binds a free loopback port (`--port 0`), is ready once it prints its ready line, and stops
with SIGTERM, then SIGKILL. Its output is kept (both streams drained by threads, so a full
pipe can never stall the server) for error messages, with the given secrets blanked out.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO

READY = "mock portal ready at "


class PortalStartError(RuntimeError):
    """The server exited or stayed silent instead of printing its ready line."""


class PortalProcess:
    def __init__(self, *options: str, timeout: float = 60.0, secrets: tuple[str, ...] = ()) -> None:
        script = Path(sys.executable).with_name("mock-portal")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "mock_portal.cli"]
        self.secrets = tuple(s for s in secrets if s)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._ready: queue.Queue[str] = queue.Queue()
        self.proc = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", "0", *options],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # signals reach the server, not the caller's group
        )
        assert self.proc.stdout is not None and self.proc.stderr is not None
        for stream, sink in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr)):
            threading.Thread(target=self._drain, args=(stream, sink), daemon=True).start()
        try:
            self.url = self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def _drain(self, stream: IO[str], sink: list[str]) -> None:
        for line in stream:
            sink.append(line)
            if line.startswith(READY):
                self._ready.put(line[len(READY) :].strip())

    def _wait_ready(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                return self._ready.get(timeout=min(left, 0.2))
            except queue.Empty:
                if self.proc.poll() is not None and self._ready.empty():
                    time.sleep(0.1)  # let the drains catch the last lines
                    raise PortalStartError(
                        f"mock-portal exited with {self.proc.returncode}: {self.output()}"
                    ) from None
        raise PortalStartError(f"mock-portal was not ready within {timeout:.0f}s: {self.output()}")

    def output(self, lines: int = 20) -> str:
        """The last lines the server printed, secrets blanked out."""
        text = "".join(self.stdout[-lines:] + self.stderr[-lines:])
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        return text.strip()

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to clean up (for crash tests)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> PortalProcess:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
