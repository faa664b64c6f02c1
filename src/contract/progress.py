"""The progress of a long contract run: requests sent, their rate, failures so far, parts done.

On a terminal one line rewritten in place every second; elsewhere (a CI log) a plain line every
`CI_INTERVAL` seconds, so that a log shows the run is alive without a line per request.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from contract.pacing import Pacer, PaceState

TTY_INTERVAL = 1.0
CI_INTERVAL = 30.0


def line(state: PaceState, elapsed: float, parts_done: int, parts: int) -> str:
    rate = state.sent / elapsed if elapsed > 0 else 0.0
    text = (
        f"{state.sent} requests ({rate:.0f}/s), {state.failures} failure(s) so far, {elapsed:.0f}s"
    )
    if parts > 1:
        text += f", {parts_done}/{parts} parts done"
    if state.backoffs:
        text += f", backed off {state.backoffs} time(s)"
    return text


class Progress:
    """A background thread printing `line()` until stopped."""

    def __init__(
        self,
        pacer: Pacer,
        parts: int,
        done: Callable[[], int],
        stream: TextIO | None = None,
        interval: float | None = None,
    ) -> None:
        self.pacer = pacer
        self.parts = parts
        self.done = done
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.interval = interval or (TTY_INTERVAL if self.tty else CI_INTERVAL)
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _print(self) -> None:
        text = line(self.pacer.read(), time.monotonic() - self.started, self.done(), self.parts)
        if self.tty:
            self.stream.write(f"\r\x1b[Kcontract: {text}")
        else:
            self.stream.write(f"contract: progress: {text}\n")
        self.stream.flush()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._print()

    def __enter__(self) -> Progress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
