"""8. Live runs at a distance: the read-only live run (`PORTAL_URL=... make contract`) against a
2,000-invoice mock portal behind a delaying proxy (bench/delay_proxy.py, started and stopped
here) that adds 0, 50 and 150 ms to every answer, one process at a time (`--workers 1`)
against the default parts side by side, both with the default rate ceiling, run alternately
so that a busy machine slows both alike.

Target: at 50 ms, the default run takes at most 25 s and runs the same cases as one process.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from bench.contract_live import INVOICES, TOKEN, contract_run
from bench.delay_proxy import delayed
from bench.measure import Config, Figure, Progress, interleave, median
from mock_portal.process import PortalProcess

NAME = "8. Live runs at a distance"
DELAYS_MS = (0, 50, 150)
TARGET_MS, TARGET_SECONDS = 50, 25.0
CASES = re.compile(r"contract: (\d+) cases in")
PACE = re.compile(r"(\d+) requests at ([\d.]+)/s")


def plan(cfg: Config) -> str:
    return (
        f"{NAME}: read-only live run against {INVOICES:,} invoices behind "
        f"{', '.join(map(str, DELAYS_MS))} ms, one process against parts side by side "
        f"({cfg.contract_runs} alternate runs each); target at {TARGET_MS} ms: "
        f"<= {TARGET_SECONDS:g} s, same cases"
    )


def run(
    cfg: Config, work: Path, log: Progress, delays: tuple[int, ...] = DELAYS_MS
) -> list[Figure]:
    figures: list[Figure] = []
    options = ["--db", str(work / "distance.sqlite"), "--invoices", str(INVOICES),
               "--admin-token", TOKEN]  # fmt: skip
    with PortalProcess(*options, timeout=300, secrets=(TOKEN,)) as portal:
        for delay in delays:
            with delayed(portal.url, delay / 1000) as url:
                figures += _compare(cfg, work / f"delay-{delay}", url, delay, log)
    return figures


def _compare(cfg: Config, work: Path, url: str, delay: int, log: Progress) -> list[Figure]:
    env = {"PORTAL_URL": url, "PORTAL_TOKEN": TOKEN}
    seen: dict[str, list[tuple[int, int, str]]] = {"one": [], "parts": []}
    runs = {"one": 0, "parts": 0}

    def contender(name: str, extra: list[str]) -> float:
        def once() -> float:
            runs[name] += 1
            started = time.perf_counter()
            wall, done = contract_run(work / f"{name}-{runs[name]}", env, extra)
            cases = CASES.search(done.stdout)
            pace = PACE.search(done.stdout)
            seen[name].append(
                (done.returncode, int(cases.group(1)) if cases else -1,
                 f"{pace.group(1)} requests at {pace.group(2)}/s" if pace else "")
            )  # fmt: skip
            log(f"distance {delay} ms, {name}: {wall:.1f} s, exit {done.returncode}, "
                f"{seen[name][-1][1]} cases ({time.perf_counter() - started:.0f} s)")  # fmt: skip
            return wall

        return once

    walls = interleave(
        {"one": contender("one", ["--workers", "1"]), "parts": contender("parts", [])},
        cfg.contract_runs,
    )
    one, parts = median(walls["one"]), median(walls["parts"])
    passed = all(code == 0 for code, _, _ in seen["one"] + seen["parts"])
    cases = {count for _, count, _ in seen["one"] + seen["parts"]}
    same = len(cases) == 1
    label = f"read-only live run, {delay} ms away"
    target = f"<= {TARGET_SECONDS:g} s, same cases" if delay == TARGET_MS else ""
    return [
        Figure(
            NAME,
            f"{label}: one process (--workers 1)",
            one,
            "s",
            runs=cfg.contract_runs,
            note=seen["one"][-1][2],
        ),  # fmt: skip
        Figure(
            NAME,
            f"{label}: parts side by side (default: 4 workers, 50 requests/s)",
            parts,
            "s",
            runs=cfg.contract_runs,
            target=target,
            met=(parts <= TARGET_SECONDS and same and passed) if target else None,
            note=seen["parts"][-1][2],
        ),  # fmt: skip
        Figure(
            NAME,
            f"{label}: cases (one process / parts), both pass",
            None,
            "cases",
            runs=cfg.contract_runs,
            target="the same, passes",
            met=same and passed,
            display=" / ".join(str(seen[n][-1][1]) for n in ("one", "parts"))
            + ("" if passed else " (FAILED)"),
        ),  # fmt: skip
    ]


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.distance [--runs N]`: this benchmark alone, its rows of the results
    table printed (`make bench` writes them into BENCHMARKS.md with the others)."""
    import argparse
    import dataclasses
    import tempfile

    from bench.report import results_table

    parser = argparse.ArgumentParser(prog="python -m bench.distance")
    parser.add_argument("--runs", type=int, default=Config.full().contract_runs)
    parser.add_argument("--delays", default=",".join(map(str, DELAYS_MS)), help="in ms: 0,50")
    args = parser.parse_args(argv)
    log = Progress()
    cfg = dataclasses.replace(Config.full(), contract_runs=max(1, args.runs))
    with tempfile.TemporaryDirectory(prefix="bench-distance-") as tmp:
        figures = run(cfg, Path(tmp), log, tuple(int(d) for d in args.delays.split(",")))
    print(results_table(figures))
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
