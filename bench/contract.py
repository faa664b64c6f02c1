"""5. The contract suite: `make contract` (schemathesis against the embedded mock portal).

The runner prints `contract: N cases in T s (X cases/s)`; the figures are the medians of those
over the runs, and the wall time of the whole target (startup, portal, reports included).
"""

from __future__ import annotations

import re
import subprocess

from bench.measure import ROOT, Config, Figure, Progress, median, timed

NAME = "5. Contract suite"
SUMMARY = re.compile(r"contract: (\d+) cases in ([0-9.]+) ?s \(([0-9.]+) cases/s\)")
MIN_CASES = 1000
MAX_SECONDS = 60.0
TIMEOUT = 300.0


def plan(cfg: Config) -> str:
    return (
        f"{NAME}: `make contract`, {cfg.contract_runs} run(s); "
        f"target >= {MIN_CASES:,} cases in < {MAX_SECONDS:g} s"
    )


def parse_summary(output: str) -> tuple[int, float, float]:
    """(cases, seconds, cases per second) from the runner's summary line."""
    found = SUMMARY.findall(output)
    if not found:
        raise ValueError("no `contract: N cases in T s (X cases/s)` line in the output")
    cases, seconds, rate = found[-1]
    return int(cases), float(seconds), float(rate)


def run(cfg: Config, log: Progress) -> list[Figure]:
    cases: list[float] = []
    seconds: list[float] = []
    rates: list[float] = []
    walls: list[float] = []
    failures: list[str] = []
    for i in range(cfg.contract_runs):
        holder: dict[str, str] = {}

        def once(holder: dict[str, str] = holder) -> None:
            done = subprocess.run(
                ["make", "contract"],
                cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False,
            )  # fmt: skip
            holder["out"] = done.stdout + done.stderr
            holder["rc"] = str(done.returncode)

        walls.append(timed(once))
        if holder["rc"] != "0":
            # a failing suite still counts its cases; the failure is reported in its own row
            failures.append(_failure_line(holder["out"]))
            log(f"contract: run {i + 1}: make contract exited {holder['rc']}: {failures[-1]}")
        try:
            n, t, rate = parse_summary(holder["out"])
        except ValueError:
            tail = holder["out"][-3000:]
            raise RuntimeError(f"make contract printed no summary:\n{tail}") from None
        cases.append(n)
        seconds.append(t)
        rates.append(rate)
        log(f"contract: run {i + 1}: {n} cases in {t:.1f} s ({rate:.0f} cases/s)")
    runs = cfg.contract_runs
    n_med, t_med = median(cases), median(seconds)
    return [
        Figure(NAME, "`make contract`: cases per second", median(rates), "cases/s", runs=runs),
        Figure(
            NAME,
            "`make contract`: cases run, and their time (runner's count)",
            t_med,
            "s",
            target=f">= {MIN_CASES:,} cases in < {MAX_SECONDS:g} s",
            met=n_med >= MIN_CASES and t_med < MAX_SECONDS,
            runs=runs,
            display=f"{n_med:,.0f} cases in {t_med:.1f} s",
        ),
        Figure(NAME, "`make contract` wall time (whole target)", median(walls), "s", runs=runs),
        Figure(
            NAME,
            "`make contract` passed",
            None,
            "",
            target="every run passes",
            met=not failures,
            runs=runs,
            note="; ".join(sorted(set(failures))),
            display=f"{runs - len(failures)} of {runs} runs",
        ),
    ]


def _failure_line(output: str) -> str:
    """The schemathesis failure summary lines (e.g. `ST201 ...: 1`), or the runner's verdict."""
    lines = [line.strip() for line in output.splitlines()]
    found = [line.lstrip("❌ ").strip() for line in lines if line.startswith("❌ ST")]
    if found:
        return ", ".join(found)
    verdict = [line for line in lines if line.startswith("contract: FAILED")]
    return verdict[-1] if verdict else "failed"
