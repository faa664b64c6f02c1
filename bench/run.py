"""`make bench`: run every benchmark and write BENCHMARKS.md.

    python -m bench.run             # the full run (about 4 minutes on 2 cores)
    python -m bench.run --quick     # a smoke run with small sizes, into reports/
    python -m bench.run --dry-run   # print the plan, run nothing

Prints one progress line per step with the elapsed time. Exits non-zero when a benchmark could
not run (a missed target is a figure in the report, not an error).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import (
    contract,
    contract_live,
    decoding,
    delete_stall,
    distance,
    generation,
    memory,
    portal,
    prism,
    report,
    wrk,
)
from bench.measure import ROOT, Config, Figure, Progress, machine

BENCHMARKS = [
    generation,
    decoding,
    portal,
    delete_stall,
    prism,
    contract,
    memory,
    contract_live,
    distance,
]


def plan(cfg: Config) -> list[str]:
    return [module.plan(cfg) for module in BENCHMARKS]


class Runner:
    def __init__(self, log: Progress) -> None:
        self.log = log
        self.figures: list[Figure] = []
        self.failed: list[str] = []

    def step(self, benchmark: str, label: str, fn: Callable[[], list[Figure]]) -> None:
        started = self.log.elapsed()
        self.log(f"{label}: start")
        try:
            figures = fn()
        except Exception as exc:  # one broken benchmark must not hide the others
            traceback.print_exc(file=sys.stderr)
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.figures.append(
                Figure(benchmark, f"{label} failed: {first[:200]}", None, "", display="error")
            )
            self.failed.append(label)
            self.log(f"{label}: FAILED after {self.log.elapsed() - started:.1f} s")
            return
        self.figures += figures
        self.log(f"{label}: done in {self.log.elapsed() - started:.1f} s")


def run_all(cfg: Config, log: Progress) -> Runner:
    runner = Runner(log)
    runner.step(generation.NAME, "generation", lambda: generation.run(cfg, log))
    runner.step(decoding.NAME, "decoding", lambda: decoding.run(cfg, log))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        try:
            with portal.generated_and_served(
                work / f"portal-{cfg.invoices}.sqlite", cfg.invoices, log
            ) as served:
                url = served.server.url
                runner.step(portal.NAME, "portal latency", lambda: portal.latency(cfg, served, log))
                runner.step(prism.NAME, "throughput", lambda: prism.run(cfg, url, log))
                runner.step(portal.NAME, "portal deletes", lambda: portal.deletes(cfg, served, log))
                runner.step(memory.NAME, "memory", lambda: memory.served_peak(served))
        except Exception:
            traceback.print_exc(file=sys.stderr)
            runner.figures.append(
                Figure(portal.NAME, "mock portal did not start", None, "", display="error")
            )
            runner.failed.append("portal")
        runner.step(delete_stall.NAME, "delete stall", lambda: delete_stall.run(cfg, work, log))
        runner.step(contract.NAME, "contract", lambda: contract.run(cfg, log))
        runner.step(contract_live.NAME, "contract live", lambda: contract_live.run(cfg, work, log))
        runner.step(distance.NAME, "distance", lambda: distance.run(cfg, work, log))
        runner.step(memory.NAME, "memory (large)", lambda: memory.big(cfg, work, log))
    order = {module.NAME: i for i, module in enumerate(BENCHMARKS)}
    order[prism.NAME_OURS] = order[portal.NAME]
    runner.figures.sort(key=lambda f: order.get(f.benchmark, len(order)))
    return runner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, short runs")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and stop")
    parser.add_argument(
        "--output",
        type=Path,
        help="the report (default: BENCHMARKS.md, or reports/BENCHMARKS-quick.md with --quick)",
    )
    args = parser.parse_args(argv)
    cfg = Config.quick_mode() if args.quick else Config.full()
    output = args.output or (
        ROOT / "reports" / "BENCHMARKS-quick.md" if args.quick else ROOT / "BENCHMARKS.md"
    )
    log = Progress()
    mode = "quick" if cfg.quick else "full"
    print(f"bench: {mode} mode, {len(BENCHMARKS)} benchmarks:", flush=True)
    for line in plan(cfg):
        print(f"  {line}", flush=True)
    if args.dry_run:
        return 0
    try:
        load_generator = wrk.version()
    except wrk.WrkError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    runner = run_all(cfg, log)
    text = report.render(
        dataclasses.replace(machine(), load_generator=load_generator),
        runner.figures,
        total_seconds=log.elapsed(),
        mode=mode,
        findings=report.findings(runner.figures),
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    log(f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    print(report.summary(runner.figures), flush=True)
    if runner.failed:
        print(f"bench: failed: {', '.join(runner.failed)}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
