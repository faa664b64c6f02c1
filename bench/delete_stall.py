"""Small GETs while one large delete runs: the delete must not hold up other requests.

A delete of every invoice of a fresh data set (100,000 ids in one JSON body in the full run)
runs on one connection while `concurrency` clients send `getInvoices?count=1` in a loop; the
figure is the p99 latency of the GETs that ran while the delete did. Before the store call moved
to a worker thread, every GET waited for the whole delete (about 4.7 s for 140,000 ids).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx

from bench.measure import ADMIN_TOKEN, Config, Figure, Progress, median, p99
from mock_portal.process import PortalProcess

NAME = "3. Mock portal"
FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"
TARGET_MS = 50.0
HEADERS = {"Authorization": ADMIN_TOKEN}


def plan(cfg: Config) -> str:
    return (
        f"{NAME} (delete stall): one delete of all {cfg.invoices:,} invoices of a fresh file "
        f"database while {cfg.concurrency} clients send getInvoices?count=1; target: their "
        f"p99 < {TARGET_MS:g} ms"
    )


def _small_gets(url: str, done: threading.Event, latencies: list[float]) -> None:
    with httpx.Client(base_url=url, headers=HEADERS, timeout=120) as client:
        while not done.is_set():
            started = time.perf_counter()
            answer = client.get(FILTER, params={"count": 1})
            elapsed = time.perf_counter() - started
            if answer.status_code != 200:
                raise RuntimeError(f"GET answered {answer.status_code} during the delete")
            if not done.is_set():  # only the requests that overlapped the delete count
                latencies.append(elapsed * 1000)


def run(cfg: Config, work: Path, log: Progress) -> list[Figure]:
    db = work / f"delete-stall-{cfg.invoices}.sqlite"
    options = ("--db", str(db), "--invoices", str(cfg.invoices), "--fixed-tokens")
    with PortalProcess(*options, timeout=300) as server:
        ids = list(range(1, cfg.invoices + 1))
        done = threading.Event()
        latencies: list[float] = []
        readers = [
            threading.Thread(target=_small_gets, args=(server.url, done, latencies))
            for _ in range(cfg.concurrency)
        ]
        with httpx.Client(base_url=server.url, headers=HEADERS, timeout=300) as client:
            client.get(FILTER, params={"count": 1})  # warm the connection and the caches
            for reader in readers:
                reader.start()
            time.sleep(0.5)  # the readers are running before the delete starts
            started = time.perf_counter()
            answer = client.request("DELETE", DELETE, json={"invoiceids": ids})
            delete_seconds = time.perf_counter() - started
            done.set()
            for reader in readers:
                reader.join(timeout=60)
            left = client.get(FILTER, params={"count": 1}).json()["total"]
        if answer.status_code != 200 or left != 0:
            raise RuntimeError(f"the delete answered {answer.status_code}; {left} invoices left")
        if not latencies:
            raise RuntimeError("no GET completed during the delete")
    tail = p99(latencies)
    log(
        f"delete stall: {cfg.invoices:,}-id delete in {delete_seconds:.1f} s; "
        f"{len(latencies)} GETs meanwhile, median {median(latencies):.1f} ms, p99 {tail:.1f} ms"
    )
    return [
        Figure(
            NAME,
            f"getInvoices count=1 on {cfg.concurrency} connections while one delete of "
            f"{cfg.invoices:,} ids runs ({delete_seconds:.1f} s)",
            median(latencies),
            "ms",
            p99=tail,
            target=f"p99 < {TARGET_MS:g} ms",
            met=tail < TARGET_MS,
            runs=len(latencies),
        )
    ]


if __name__ == "__main__":
    import sys
    import tempfile

    quick = "--quick" in sys.argv
    config = Config.quick_mode() if quick else Config.full()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        for figure in run(config, Path(folder), Progress()):
            print(figure)
