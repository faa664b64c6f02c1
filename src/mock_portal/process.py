"""A server in a child process, for scripts and tests that need a real one.

`ServerProcess` runs any command that prints a ready line with its URL (the mock portal, Prism);
`PortalProcess` runs `mock-portal` on a free loopback port. The child gets its own session and
stops with SIGTERM, then SIGKILL. Both output streams are drained by threads (a full pipe never
stalls the server) and kept for error messages, with the given secrets blanked out.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Self

# `mock-portal` prints this, then its base URL, once it accepts connections.
READY_LINE = "mock portal ready at "


class PortalStartError(RuntimeError):
    """The server exited or stayed silent instead of printing its ready line."""


class ServerProcess:
    """`command` in a child process, ready once a line of its output contains `ready_prefix`;
    `url` is the rest of that line. `env`, when given, is the child's whole environment."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        ready_prefix: str,
        timeout: float = 60.0,
        env: Mapping[str, str] | None = None,
        secrets: tuple[str, ...] = (),
    ) -> None:
        self.name = Path(command[0]).name
        self.ready_prefix = ready_prefix
        self.secrets = tuple(s for s in secrets if s)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._ready: queue.Queue[str] = queue.Queue()
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=None if env is None else dict(env),
            start_new_session=True,  # signals reach the server, not the caller's group
        )
        self.pid = self.proc.pid
        assert self.proc.stdout is not None and self.proc.stderr is not None
        for stream, sink in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr)):
            threading.Thread(target=self._drain, args=(stream, sink), daemon=True).start()
        try:
            self.url = self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.perf_counter() - started

    def _drain(self, stream: IO[str], sink: list[str]) -> None:
        for line in stream:
            sink.append(line)
            if self.ready_prefix in line:
                self._ready.put(line.split(self.ready_prefix, 1)[1].strip())

    def _wait_ready(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                return self._ready.get(timeout=min(left, 0.2))
            except queue.Empty:
                if self.proc.poll() is not None and self._ready.empty():
                    time.sleep(0.1)  # let the drains catch the last lines
                    raise PortalStartError(
                        f"{self.name} exited with {self.proc.returncode}: {self.output()}"
                    ) from None
        raise PortalStartError(f"{self.name} was not ready within {timeout:.0f}s: {self.output()}")

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

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class PortalProcess(ServerProcess):
    """`mock-portal --host 127.0.0.1 --port 0 *options`, ready on its ready line."""

    def __init__(
        self,
        *options: str,
        timeout: float = 60.0,
        secrets: tuple[str, ...] = (),
        env: Mapping[str, str] | None = None,
    ) -> None:
        script = Path(sys.executable).with_name("mock-portal")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "mock_portal.cli"]
        super().__init__(
            [*command, "--host", "127.0.0.1", "--port", "0", *options],
            ready_prefix=READY_LINE,
            timeout=timeout,
            env=env,
            secrets=secrets,
        )
