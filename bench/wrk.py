"""The benchmarks' load generator: wrk (the Debian package, `make system-deps`), one command line
for every server, its `--latency` report parsed.

wrk is an event-driven C client: one thread keeps every connection busy for a fraction of the
CPU a Python client needs, so more of the machine's two cores is left to the server measured.
Each connection has one request in flight; latencies are wrk's, in its own report.
"""

from __future__ import annotations

import dataclasses
import re
import resource
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

THREADS = 1  # one client thread: the server keeps the rest of the machine
SCRIPTS = Path(__file__).resolve().parent / "lua"

_TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_SIZE_UNITS = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}


class WrkError(RuntimeError):
    """wrk is missing, failed, or printed a report this module cannot read."""


@dataclass(frozen=True)
class Load:
    """One wrk run: what it sent, how fast, and the latency of its requests."""

    requests: int
    seconds: float
    bytes: float
    failed: int  # socket errors and answers outside 2xx/3xx
    p50_ms: float
    p99_ms: float
    cpu_seconds: float = 0.0  # wrk's own CPU time (user + system)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def executable() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise WrkError("wrk is not installed: run `make system-deps` (Debian package wrk)")
    return found


def version() -> str:
    """wrk's version line without its usage text, e.g. `wrk debian/4.1.0-3+b2 [epoll]`."""
    # `wrk --version` prints the version and the usage, and exits 1.
    run = subprocess.run(
        [executable(), "--version"], capture_output=True, text=True, timeout=10, check=False
    )
    first = (run.stdout or run.stderr).strip().splitlines()[:1]
    return first[0].split(" Copyright")[0].strip() if first else "wrk (version unknown)"


def command(
    url: str,
    *,
    connections: int,
    seconds: float,
    headers: Sequence[str] = (),
    script: str | None = None,
    script_args: Sequence[str] = (),
) -> list[str]:
    """The wrk command line; the same one drives every server compared."""
    line = [
        executable(), "--latency",
        "--threads", str(min(THREADS, connections)),
        "--connections", str(connections),
        "--duration", f"{max(1, round(seconds))}s",
    ]  # fmt: skip
    for header in headers:
        line += ["--header", header]
    if script is not None:
        line += ["--script", str(SCRIPTS / script)]
    line.append(url)
    if script_args:
        line += ["--", *script_args]
    return line


def run(
    url: str,
    *,
    connections: int,
    seconds: float,
    headers: Sequence[str] = (),
    script: str | None = None,
    script_args: Sequence[str] = (),
) -> Load:
    """Run wrk against `url` (see `command`); its parsed report and its own CPU time."""
    line = command(
        url,
        connections=connections,
        seconds=seconds,
        headers=headers,
        script=script,
        script_args=script_args,
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(line, capture_output=True, text=True, timeout=seconds + 60, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise WrkError(f"wrk failed ({done.returncode}): {(done.stderr or done.stdout)[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return dataclasses.replace(parse(done.stdout), cpu_seconds=cpu)


def parse(report: str) -> Load:
    """The figures of a `wrk --latency` report."""
    totals = re.search(r"^\s*(\d+) requests in ([\d.]+)(\w+), ([\d.]+)(\w+) read", report, re.M)
    p50 = re.search(r"^\s*50(?:\.0+)?%\s+([\d.]+)(\w+)\s*$", report, re.M)
    p99 = re.search(r"^\s*99(?:\.0+)?%\s+([\d.]+)(\w+)\s*$", report, re.M)
    if not (totals and p50 and p99):
        raise WrkError(f"not a `wrk --latency` report: {report.strip()[:300]!r}")
    failed = 0
    if non_2xx := re.search(r"Non-2xx or 3xx responses: (\d+)", report):
        failed += int(non_2xx.group(1))
    if sockets := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    ):
        failed += sum(int(n) for n in sockets.groups())
    return Load(
        requests=int(totals.group(1)),
        seconds=_milliseconds(totals.group(2), totals.group(3)) / 1000,
        bytes=_bytes(totals.group(4), totals.group(5)),
        failed=failed,
        p50_ms=_milliseconds(*p50.groups()),
        p99_ms=_milliseconds(*p99.groups()),
    )


def _milliseconds(value: str, unit: str) -> float:
    if unit not in _TIME_UNITS:
        raise WrkError(f"unknown time unit {unit!r} in a wrk report")
    return float(value) * _TIME_UNITS[unit]


def _bytes(value: str, unit: str) -> float:
    if unit not in _SIZE_UNITS:
        raise WrkError(f"unknown size unit {unit!r} in a wrk report")
    return float(value) * _SIZE_UNITS[unit]
