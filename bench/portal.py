"""3. The mock portal on a file database: latency of getInvoices and of a 100-id delete.

The database (100,000 invoices) is generated once per bench run by a first `mock-portal`
process, which then stops; a second one serves it, so that its peak memory is that of serving.
The client is this process (another process than the server): one keep-alive HTTP/1.1
connection, requests in sequence, warm-up first. Throughput (8 connections for 20 s) is
measured side by side with Prism, in `bench.prism`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import loadgen
from bench.measure import (
    ADMIN_TOKEN,
    Config,
    Figure,
    Progress,
    Server,
    median,
    mock_portal,
    p99,
    peak_rss_mib,
)

NAME = "3. Mock portal"
FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"
AUTH = [("Authorization", ADMIN_TOKEN)]
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
        f"requests and a {DELETE_BATCH}-id delete, {cfg.latency_requests} each after "
        f"{cfg.latency_warmup} warm-up; targets: GET medians < {GET_TARGET_MS:g} ms, "
        f"selective filter < {SELECTIVE_TARGET_MS:g} ms"
    )


@dataclass
class Served:
    server: Server
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
    with mock_portal(db, invoices, timeout) as generator:
        generation = generator.startup_seconds
        generation_peak = peak_rss_mib(generator.pid)
    log(f"portal: generated in {generation:.1f} s (peak RSS {generation_peak:.0f} MiB)")
    with mock_portal(db, invoices, timeout) as server:
        started = server.startup_seconds
        log(f"portal: serving {invoices:,} invoices at {server.url} ({started:.1f} s)")
        yield Served(server, db, invoices, generation, generation_peak)


def measure_latencies(url: str, requests: list, warmup: int) -> list[float]:  # type: ignore[type-arg]
    return asyncio.run(asyncio.wait_for(loadgen.latencies(url, requests, warmup), timeout=300))


def latency(cfg: Config, served: Served, log: Progress) -> list[Figure]:
    figures = []
    n = cfg.latency_requests
    for label, query, target in SCENARIOS:
        requests = [("GET", FILTER + query, AUTH, b"")] * (cfg.latency_warmup + n)
        times = measure_latencies(served.server.url, requests, cfg.latency_warmup)
        med, tail = median(times) * 1000, p99(times) * 1000
        log(f"portal: GET {query or '(default)'}: median {med:.2f} ms, p99 {tail:.2f} ms")
        figures.append(
            Figure(
                NAME,
                f"getInvoices, {label}",
                med,
                "ms",
                p99=tail,
                target=f"median < {target:g} ms",
                met=med < target,
                runs=n,
            )
        )
    return figures


def deletes(cfg: Config, served: Served, log: Progress) -> list[Figure]:
    """DELETE with a JSON body of 100 existing ids, each request on ids not deleted before
    (taken from the top of the id range, which the GET scenarios above do not depend on)."""
    n = cfg.delete_requests
    total = cfg.latency_warmup + n
    if total * DELETE_BATCH > served.invoices // 2:
        raise RuntimeError("not enough invoices for the delete scenario")
    headers = [*AUTH, ("Content-Type", "application/json")]
    requests = []
    top = served.invoices
    for i in range(total):
        ids = list(range(top - (i + 1) * DELETE_BATCH + 1, top - i * DELETE_BATCH + 1))
        body = json.dumps({"invoiceids": ids}).encode()
        requests.append(("DELETE", DELETE, headers, body))
    started = time.perf_counter()
    before = total_invoices(served.server.url)
    times = measure_latencies(served.server.url, requests, cfg.latency_warmup)
    after = total_invoices(served.server.url)
    if before - after != total * DELETE_BATCH:
        raise RuntimeError(f"{total} deletes of {DELETE_BATCH} removed {before - after} invoices")
    med, tail = median(times) * 1000, p99(times) * 1000
    log(
        f"portal: DELETE {DELETE_BATCH} ids: median {med:.2f} ms, p99 {tail:.2f} ms "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return [
        Figure(
            NAME,
            f"deleteInvoices, {DELETE_BATCH} existing ids in a JSON body (new ids each time)",
            med,
            "ms",
            p99=tail,
            runs=n,
        )
    ]


def total_invoices(url: str) -> int:
    """The `total` the portal answers for the administrator's unfiltered list."""

    async def probe() -> int:
        conn = loadgen.Connection(*loadgen.split_url(url))
        try:
            status, data = await conn.request("GET", FILTER + "?count=1", AUTH)
        finally:
            await conn.close()
        if status != 200:
            raise RuntimeError(f"GET answered {status}")
        return int(json.loads(data)["total"])

    return asyncio.run(probe())
