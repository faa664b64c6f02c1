"""3. The mock portal on a file database: latency of getInvoices and of a 100-id delete.

The database (100,000 invoices) is generated once per bench run by a first `mock-portal`
process, which then stops; a second one serves it, so that its peak memory is that of serving.
The client is wrk (`bench.wrk`, another process than the server): one keep-alive connection,
requests in sequence for the configured seconds after an unmeasured warm-up run; the median
and p99 are wrk's. Throughput (8 connections for 20 s) is measured side by side with Prism, in
`bench.prism`, with the same wrk command.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import wrk
from bench.measure import (
    ADMIN_TOKEN,
    Config,
    Figure,
    Progress,
    peak_rss_mib,
)
from mock_portal.process import PortalProcess

NAME = "3. Mock portal"
FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"
AUTH = [f"Authorization: {ADMIN_TOKEN}"]
DELETE_SCRIPT = "delete_batches.lua"
GET_TARGET_MS = 10.0
SELECTIVE_TARGET_MS = 5.0
DELETE_BATCH = 100

# (label, query, target in ms); words and values from src/mock_portal/seed.py
SCENARIOS = [
    ("default page (no parameters: 1,000 invoices)", "", GET_TARGET_MS),
    ("selective filter `currency=CHF&status=3`", "?currency=CHF&status=3", SELECTIVE_TARGET_MS),
    (
        "date range, one month (`issueDateFrom=2021-03-01&issueDateTo=2021-03-31`)",
        "?issueDateFrom=2021-03-01&issueDateTo=2021-03-31",
        GET_TARGET_MS,
    ),
    ("`filterValue=warranty` (a description word)", "?filterValue=warranty", GET_TARGET_MS),
    ("deep page `startIndex=90000`", "?startIndex=90000", GET_TARGET_MS),
]


def plan(cfg: Config) -> str:
    return (
        f"{NAME}: {cfg.invoices:,} invoices on a file database; {len(SCENARIOS)} getInvoices "
        f"requests for {cfg.latency_seconds:g} s each and a {DELETE_BATCH}-id delete for "
        f"{cfg.delete_seconds:g} s, one connection (wrk), each after "
        f"{cfg.latency_warmup_seconds:g} s of warm-up; targets: GET medians "
        f"< {GET_TARGET_MS:g} ms, selective filter < {SELECTIVE_TARGET_MS:g} ms"
    )


@dataclass
class Served:
    server: PortalProcess
    db: Path
    invoices: int
    generation_seconds: float
    generation_peak_mib: float


@contextmanager
def generated_and_served(
    db: Path, invoices: int, log: Progress, timeout: float = 300.0
) -> Iterator[Served]:
    """Generate the database in one process (timed, its peak memory read), then serve it from
    a fresh one."""
    if db.exists():
        raise RuntimeError(f"{db} exists: the benchmark generates its own database")
    log(f"portal: generating {invoices:,} invoices into {db.name}")
    options = ("--db", str(db), "--invoices", str(invoices), "--fixed-tokens")
    with PortalProcess(*options, timeout=timeout) as generator:
        generation = generator.startup_seconds
        generation_peak = peak_rss_mib(generator.pid)
    log(f"portal: generated in {generation:.1f} s (peak RSS {generation_peak:.0f} MiB)")
    with PortalProcess(*options, timeout=timeout) as server:
        started = server.startup_seconds
        log(f"portal: serving {invoices:,} invoices at {server.url} ({started:.1f} s)")
        yield Served(server, db, invoices, generation, generation_peak)


def latency_load(url: str, seconds: float, warmup: float) -> wrk.Load:
    """wrk on one connection (requests in sequence) after an unmeasured warm-up run."""
    wrk.run(url, connections=1, seconds=warmup, headers=AUTH)
    load = wrk.run(url, connections=1, seconds=seconds, headers=AUTH)
    if load.failed or not load.requests:
        raise RuntimeError(f"{url}: {load.failed} failed of {load.requests} requests")
    return load


def latency(cfg: Config, served: Served, log: Progress) -> list[Figure]:
    figures = []
    for label, query, target in SCENARIOS:
        load = latency_load(served.server.url + FILTER + query, cfg.latency_seconds,
                            cfg.latency_warmup_seconds)  # fmt: skip
        med, tail = load.p50_ms, load.p99_ms
        log(f"portal: GET {query or '(default)'}: median {med:.2f} ms, p99 {tail:.2f} ms "
            f"({load.requests} requests)")  # fmt: skip
        figures.append(
            Figure(
                NAME,
                f"getInvoices, {label}",
                med,
                "ms",
                p99=tail,
                target=f"median < {target:g} ms",
                met=med < target,
                runs=load.requests,
            )
        )
    return figures


def deletes(cfg: Config, served: Served, log: Progress) -> list[Figure]:
    """DELETE with a JSON body of 100 existing ids, each request on ids not deleted before
    (taken from the top of the id range, which the GET scenarios above do not depend on), for
    the configured seconds or until half of the invoices are gone."""
    url = served.server.url + DELETE
    cap = served.invoices // 2 // DELETE_BATCH
    warmup = min(cfg.delete_warmup, cap // 4)
    started = time.perf_counter()
    before = total_invoices(served.server.url)

    def run(top: int, count: int, seconds: float) -> wrk.Load:
        args = [str(top), str(DELETE_BATCH), str(count), FILTER + "?count=1"]
        return wrk.run(url, connections=1, seconds=seconds, headers=AUTH,
                       script=DELETE_SCRIPT, script_args=args)  # fmt: skip

    top = served.invoices
    run(top, warmup, cfg.latency_warmup_seconds)
    # the warm-up deleted `warmup` batches below one skipped batch (see the script)
    top -= (warmup + 1) * DELETE_BATCH
    load = run(top, cap - warmup - 2, cfg.delete_seconds)
    after = total_invoices(served.server.url)
    deleted = (before - after) // DELETE_BATCH
    # wrk counts answered requests; one per run may still be in flight when its thread stops,
    # reach the portal and delete its batch uncounted. Anything else means wrong ids.
    if load.failed or not 0 <= deleted - (warmup + load.requests) <= 2:
        raise RuntimeError(
            f"{warmup} + {load.requests} deletes of {DELETE_BATCH} ids removed {before - after} "
            f"invoices ({load.failed} failed)"
        )
    med, tail = load.p50_ms, load.p99_ms
    log(
        f"portal: DELETE {DELETE_BATCH} ids: median {med:.2f} ms, p99 {tail:.2f} ms "
        f"({load.requests} requests, {time.perf_counter() - started:.1f} s)"
    )
    return [
        Figure(
            NAME,
            f"deleteInvoices, {DELETE_BATCH} existing ids in a JSON body (new ids each time)",
            med,
            "ms",
            p99=tail,
            runs=load.requests,
        )
    ]


def total_invoices(url: str) -> int:
    """The `total` the portal answers for the administrator's unfiltered list."""
    answer = httpx.get(url + FILTER, params={"count": 1}, headers={"Authorization": ADMIN_TOKEN})
    if answer.status_code != 200:
        raise RuntimeError(f"GET {FILTER} answered {answer.status_code}")
    return int(answer.json()["total"])
