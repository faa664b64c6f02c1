"""3 and 4. Throughput: the mock portal and Prism side by side, the same request, same load.

Prism (`node_modules/.bin/prism mock build/client/openapi.yaml`, @stoplight/prism-cli as
locked by `make setup`; the client spec because Prism cannot serialise the XML operations)
answers from the spec's examples. Each contender is loaded by the same wrk command
(`bench.wrk`): 8 keep-alive connections, one request in flight on each, for the configured
seconds in total, split into slices run alternately (ours, Prism, ours, Prism) so that the
noise of the machine hits both. The figure is requests per second; the comparison is the median
of the per-slice ratios ours / Prism.

Two requests, both sent identically to both servers with the Authorization header:
- the default page (no parameters): ours answers 1,000 invoices, Prism its 2-invoice example;
- `count=2`: both answer two invoices, so the work per answer is comparable.
"""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

from bench import wrk
from bench.measure import (
    ADMIN_TOKEN,
    ROOT,
    Config,
    Figure,
    Progress,
    median,
    pair_ratios,
)
from mock_portal.process import ServerProcess

NAME_OURS = "3. Mock portal"
NAME = "4. Prism"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
CLIENT_SPEC = ROOT / "build" / "client" / "openapi.yaml"
FILTER = "/api/2.0/crm/invoice/filter"
# (label, path, whether the answers are equal: only then is the ratio held to the target; on
# the default page ours does 500 times the work of Prism's fixed example, so it is shown only)
REQUESTS = [
    ("default page, no parameters", FILTER, False),
    ("`count=2` (equal answers: two invoices)", FILTER + "?count=2", True),
]
TARGET = 1.0
HEADERS = [f"Authorization: {ADMIN_TOKEN}"]
READY = "prism listening at "


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def plan(cfg: Config) -> str:
    seconds = cfg.throughput_seconds
    return (
        f"{NAME}: throughput of the mock portal and Prism, {cfg.concurrency} connections, "
        f"{seconds:g} s each per request in {cfg.throughput_rounds} interleaved slice(s), "
        f"{len(REQUESTS)} requests; target ours / Prism >= {TARGET:g}"
    )


def client_spec() -> Path:
    if not CLIENT_SPEC.exists():
        subprocess.run(
            [sys.executable, "-m", "spec_pipeline.generate", "--spec-only"],
            cwd=ROOT, check=True, timeout=120, capture_output=True,
        )  # fmt: skip
    return CLIENT_SPEC


def start_prism(timeout: float = 60.0) -> ServerProcess:
    """Prism on a free loopback port. At `--verboseLevel info` Prism logs every request (a
    quarter of its throughput here), and only there its listening line; so it runs at `warn`,
    and a shell prints the ready line once its port accepts connections."""
    port = free_port()
    prism = shlex.join([
        str(PRISM), "mock", str(client_spec()),
        "-h", "127.0.0.1", "-p", str(port),
        "--verboseLevel", "warn",  # no log line per request
    ])  # fmt: skip
    script = (
        f"{prism} & pid=$!; "
        f"until (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null; do "
        f"kill -0 $pid 2>/dev/null || exit 1; sleep 0.1; done; "
        f"echo '{READY}http://127.0.0.1:{port}'; wait $pid"
    )
    return ServerProcess(["bash", "-c", script], ready_prefix=READY, timeout=timeout)


def load(url: str, path: str, connections: int, seconds: float) -> wrk.Load:
    """One wrk run, the same command line for both servers."""
    result = wrk.run(url + path, connections=connections, seconds=seconds, headers=HEADERS)
    if result.requests == 0:
        raise RuntimeError(f"no successful request to {url}{path} ({result.failed} failed)")
    return result


def run(cfg: Config, ours_url: str, log: Progress) -> list[Figure]:
    rounds = cfg.throughput_rounds
    slice_seconds = cfg.throughput_seconds / rounds
    figures: list[Figure] = []
    log(f"prism: starting {PRISM.name} mock on {CLIENT_SPEC.relative_to(ROOT)}")
    with start_prism() as prism:
        log(f"prism: listening at {prism.url} ({prism.startup_seconds:.1f} s)")
        for label, path, comparable in REQUESTS:
            # warm both servers (Prism compiles its validators on first use)
            load(ours_url, path, cfg.concurrency, 1.0)
            load(prism.url, path, cfg.concurrency, 1.0)
            results: dict[str, list[wrk.Load]] = {"ours": [], "prism": []}
            for _ in range(rounds):
                for name, url in (("ours", ours_url), ("prism", prism.url)):
                    result = load(url, path, cfg.concurrency, slice_seconds)
                    results[name].append(result)
                    log(
                        f"throughput {name} {path}: {result.rps:.0f} req/s "
                        f"({result.requests} in {result.seconds:.1f} s, {result.failed} failed, "
                        f"p99 {result.p99_ms:.1f} ms; wrk used "
                        f"{result.cpu_seconds / result.seconds:.0%} of a core)"
                    )
            ours = [r.rps for r in results["ours"]]
            theirs = [r.rps for r in results["prism"]]
            value = median(pair_ratios(ours, theirs))
            errors = sum(r.failed for rs in results.values() for r in rs)
            size = results["ours"][0].bytes / max(1, results["ours"][0].requests)
            size_prism = results["prism"][0].bytes / max(1, results["prism"][0].requests)
            shape = (
                f"{cfg.concurrency} connections, {cfg.throughput_seconds:g} s each in {rounds} "
                f"interleaved slices; answers {size / 1024:,.1f} KiB (ours) and "
                f"{size_prism / 1024:,.1f} KiB (Prism)"
            )
            note = f"{errors:.0f} failed requests" if errors else ""
            figures += [
                Figure(
                    NAME_OURS,
                    f"throughput, mock portal, {label}",
                    median(ours),
                    "req/s",
                    p99=median([r.p99_ms for r in results["ours"]]),
                    runs=rounds,
                    note=shape,
                    p99_unit="ms",
                ),
                Figure(
                    NAME,
                    f"throughput, Prism, {label}",
                    median(theirs),
                    "req/s",
                    p99=median([r.p99_ms for r in results["prism"]]),
                    runs=rounds,
                    p99_unit="ms",
                ),
                Figure(
                    NAME,
                    f"ratio mock portal / Prism, {label}",
                    value,
                    "x",
                    target=f">= {TARGET:g}" if comparable else "— (unequal answers)",
                    met=value >= TARGET if comparable else None,
                    runs=rounds,
                    note=note,
                ),
            ]
    return figures
