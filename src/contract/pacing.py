"""One request rate for a whole contract run, however many processes send its requests.

The processes of a run (the parts `contract.shards` splits it into) share one small state file,
locked while it is read and changed (`fcntl.flock`):

- a ceiling on requests per second: each request takes the next free slot of the run's
  schedule (one every 1/rate seconds) and waits for it, so the run as a whole never goes faster;
- back-offs: a portal answering 429 (or 503 with `Retry-After`) pauses every process of the run
  until `Retry-After` has passed (1 s without one), and the request is sent again, at most
  `MAX_RETRIES` times; only then does the answer reach the checks;
- counters for the runner's progress line and summary: requests sent, back-offs, failures.

`install()` puts this in front of every request schemathesis sends (`requests.Session.send`),
in the process of `contract.st`, when `PACE_ENV` names the state file.
"""

from __future__ import annotations

import contextlib
import email.utils
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PACE_ENV = "CONTRACT_PACE_FILE"
RATE_ENV = "CONTRACT_PACE_RATE"  # requests per second for the whole run; 0: no ceiling
MAX_RETRIES = 5
DEFAULT_PAUSE = 1.0  # a 429 without Retry-After
MAX_PAUSE = 60.0
BACK_OFF_STATUSES = {429, 503}


@dataclass
class PaceState:
    next_slot: float = 0.0  # time.monotonic() of the next free slot
    paused_until: float = 0.0
    sent: int = 0
    backoffs: int = 0
    failures: int = 0
    first: float = 0.0  # time.monotonic() of the first and the last request
    last: float = 0.0
    longest_pause: float = 0.0

    def rate_held(self) -> float:
        """Requests per second from the first request to the last."""
        span = self.last - self.first
        return (self.sent - 1) / span if self.sent > 1 and span > 0 else 0.0


class Pacer:
    """The run's shared schedule, in the file `path` (created empty by the runner)."""

    def __init__(self, path: Path, rate: float) -> None:
        if rate < 0:
            raise ValueError("the rate ceiling must not be negative")
        self.path = path
        self.interval = 1.0 / rate if rate else 0.0

    @contextlib.contextmanager
    def _state(self) -> Iterator[PaceState]:
        with self.path.open("a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                text = handle.read()
                state = PaceState(**json.loads(text)) if text.strip() else PaceState()
                yield state
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps(asdict(state)))
                handle.flush()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def read(self) -> PaceState:
        with self._state() as state:
            return state

    def acquire(self, sleep: Callable[[float], None] = time.sleep) -> None:
        """Wait for this request's slot in the run's schedule."""
        with self._state() as state:
            now = time.monotonic()
            slot = max(now, state.next_slot, state.paused_until)
            state.next_slot = slot + self.interval
            state.sent += 1
            state.first = state.first or slot
            state.last = max(state.last, slot)
        if slot > now:
            sleep(slot - now)

    def back_off(self, seconds: float) -> None:
        """Pause the whole run for `seconds` from now."""
        with self._state() as state:
            state.paused_until = max(state.paused_until, time.monotonic() + seconds)
            state.backoffs += 1
            state.longest_pause = max(state.longest_pause, seconds)

    def failed(self) -> None:
        with self._state() as state:
            state.failures += 1


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (seconds or an HTTP date), within
    0..MAX_PAUSE; None when there is no usable value."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_PAUSE)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    wait = moment.timestamp() - (time.time() if now is None else now)
    return min(max(wait, 0.0), MAX_PAUSE)


def pause_for(status: int, header: str | None) -> float | None:
    """How long the run pauses after an answer; None when the answer is passed on as it is.

    A 429 always slows the run down (1 s when it does not say how long); a 503 only when it
    carries Retry-After: without one it is a server error the contract reports."""
    if status not in BACK_OFF_STATUSES:
        return None
    wait = retry_after(header)
    if wait is None:
        return DEFAULT_PAUSE if status == 429 else None
    return wait


def from_environment() -> Pacer | None:
    path = os.environ.get(PACE_ENV)
    if not path:
        return None
    return Pacer(Path(path), float(os.environ.get(RATE_ENV) or 0))


def install(pacer: Pacer) -> Callable[[], None]:
    """Every request of this process waits for its slot, and is sent again after a back-off.
    Returns what puts requests back as they were."""
    import requests

    send = requests.Session.send

    def paced_send(self: requests.Session, request: Any, **kwargs: Any) -> Any:
        for attempt in range(MAX_RETRIES + 1):
            pacer.acquire()
            response = send(self, request, **kwargs)
            wait = pause_for(response.status_code, response.headers.get("Retry-After"))
            if wait is None or attempt == MAX_RETRIES:
                return response
            response.close()
            pacer.back_off(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    requests.Session.send = paced_send  # type: ignore[method-assign]

    def uninstall() -> None:
        requests.Session.send = send  # type: ignore[method-assign]

    return uninstall
