"""Shared measurement helpers: statistics, interleaved runs, progress lines, the machine.

Every comparison runs its contenders alternately (A, B, A, B, ...) so that the noise of a shared
machine hits both, and is reported as the median of the per-pair ratios.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


# --- statistics ---------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    """The middle value; the mean of the two middle values for an even count."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct % of the values at or
    below it (p99 of 200 samples is the 198th smallest)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 < pct <= 100:
        raise ValueError("pct must be in (0, 100]")
    ordered = sorted(values)
    rank = math.ceil(pct / 100 * len(ordered))
    return float(ordered[rank - 1])


def p99(values: Sequence[float]) -> float:
    return percentile(values, 99)


def ratio(numerator: float, denominator: float) -> float:
    if denominator == 0:
        raise ZeroDivisionError("ratio with a zero denominator")
    return numerator / denominator


def pair_ratios(a: Sequence[float], b: Sequence[float]) -> list[float]:
    """Per-pair ratios a[i] / b[i] of two interleaved series."""
    if len(a) != len(b):
        raise ValueError("series of different lengths")
    return [ratio(x, y) for x, y in zip(a, b, strict=True)]


# --- interleaving and timing ---------------------------------------------------------------------


def interleave(contenders: dict[str, Callable[[], float]], reps: int) -> dict[str, list[float]]:
    """Run each contender once per round, in the given order, `reps` rounds: A, B, A, B, ...

    Each callable returns its own measurement (seconds, requests per second, ...)."""
    results: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(reps):
        for name, run in contenders.items():
            results[name].append(run())
    return results


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call, in seconds."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


# --- progress -----------------------------------------------------------------------------------


class Progress:
    """One line per step on stderr, with the time elapsed since the run started."""

    def __init__(self, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.started = time.monotonic()
        self.stream = stream if stream is not None else sys.stderr

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __call__(self, message: str) -> None:
        print(f"bench [{self.elapsed():6.1f}s] {message}", file=self.stream, flush=True)


# --- results ------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One row of the report: a median (and p99 when asked) against a target."""

    benchmark: str  # e.g. "3. Mock portal"
    what: str
    value: float | None
    unit: str  # "ms", "s", "x", "req/s", "MiB", "cases/s", "cases"
    p99: float | None = None
    target: str = ""
    met: bool | None = None  # None: no target, informational
    runs: int = 1
    note: str = ""
    display: str | None = None  # shown instead of the value (non-numeric results)
    p99_unit: str = ""  # the p99's unit when it differs (latency under a throughput figure)


@dataclass
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    python: str
    os: str
    date: str = field(default_factory=lambda: _now())
    load_generator: str = "—"  # wrk's version line


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        return None
    return None


def machine() -> Machine:
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    mem_kb = _proc_field("/proc/meminfo", "MemTotal") or "0 kB"
    os_name = platform.system()
    pretty = _proc_field_eq("/etc/os-release", "PRETTY_NAME")
    if pretty:
        os_name = f"{pretty}, {platform.system()} {platform.release()}"
    return Machine(
        cpu=cpu,
        cores=os.cpu_count() or 1,
        memory_gib=int(mem_kb.split()[0]) / 1024 / 1024,
        python=f"{platform.python_implementation()} {platform.python_version()}",
        os=os_name,
    )


def _proc_field_eq(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                name, _, value = line.strip().partition("=")
                if name == key:
                    return value.strip().strip('"')
    except OSError:
        return None
    return None


def peak_rss_mib(pid: int) -> float:
    """VmHWM (the peak resident set size) of a live process, in MiB."""
    value = _proc_field(f"/proc/{pid}/status", "VmHWM")
    if value is None:
        raise RuntimeError(f"no VmHWM for process {pid}")
    return int(value.split()[0]) / 1024


ADMIN_TOKEN = "admin-token"


@dataclass(frozen=True)
class Config:
    """How much of each benchmark to run; `quick()` is the smoke mode."""

    quick: bool = False
    generation_reps: int = 5
    decoding_reps: int = 15
    invoices: int = 100_000
    big_invoices: int = 1_000_000
    latency_seconds: float = 3.0  # per GET scenario, on one connection
    latency_warmup_seconds: float = 1.0
    delete_seconds: float = 5.0
    delete_warmup: int = 20  # deletes before the measured ones
    throughput_seconds: float = 20.0  # per contender, split into `throughput_rounds` slices
    throughput_rounds: int = 2
    concurrency: int = 8
    contract_runs: int = 2
    big_seconds: float = 2.0  # per request kind at big_invoices

    @classmethod
    def full(cls) -> Config:
        return cls()

    @classmethod
    def quick_mode(cls) -> Config:
        return cls(
            quick=True,
            generation_reps=1,
            decoding_reps=3,
            invoices=10_000,
            big_invoices=20_000,
            latency_seconds=1.0,
            delete_seconds=1.0,
            delete_warmup=3,
            throughput_seconds=2.0,
            throughput_rounds=1,
            contract_runs=1,
            big_seconds=1.0,
        )
