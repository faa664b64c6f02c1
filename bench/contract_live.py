"""7. Contract runs against a live portal: a 2,000-invoice mock portal started on its own and
treated as a live one (`PORTAL_URL=... PORTAL_TOKEN=... make contract`), and the size of the
reports a CI must keep.

- a read-only live run: wall time (target < 30 s) and the methods the portal received (GET only);
- a destructive live run with `CONTRACT_DELETE_FILTER`: passes, deletes at most its cap, every
  deleted invoice a disposable one;
- the report files of every default run (embedded and live): under 10 MB in all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from bench.measure import ROOT, Config, Figure, Progress, timed
from mock_portal.process import PortalProcess

NAME = "7. Live contract runs"
INVOICES = 2000
MAX_SECONDS = 30.0
MAX_REPORT_BYTES = 10 * 1000 * 1000
DISPOSABLE = "currency=KZT"  # 83 of the 2,000 generated invoices (seed 1)
CAP = 5
TOKEN = "bench-live-admin-token"
LIST = "/api/2.0/crm/invoice/filter"
TIMEOUT = 600.0


def plan(cfg: Config) -> str:
    return (
        f"{NAME}: a separately started {INVOICES:,}-invoice mock portal as a live one: read-only "
        f"run (< {MAX_SECONDS:g} s, GET only), destructive run ({DISPOSABLE}, cap {CAP}), "
        f"report sizes of every default run (< {MAX_REPORT_BYTES / 1e6:g} MB)"
    )


def report_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def ids(url: str, **query: str) -> set[int]:
    params = "&".join(f"{k}={v}" for k, v in {"count": "1000", **query}.items())
    found: set[int] = set()
    start = 0
    while True:
        request = urllib.request.Request(
            f"{url}{LIST}?{params}&startIndex={start}", headers={"Authorization": TOKEN}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (loopback)
            page = [item["id"] for item in json.loads(answer.read())["response"]]
        found.update(page)
        if len(page) < 1000:
            return found
        start += 1000


def contract_run(
    workdir: Path, env: dict[str, str], extra: list[str] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """`python -m contract.run` in `workdir` (its reports go there): (wall seconds, result)."""
    workdir.mkdir(parents=True, exist_ok=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACT_", "PORTAL_"))}
    done: list[subprocess.CompletedProcess[str]] = []

    def once() -> None:
        done.append(subprocess.run(
            [sys.executable, "-m", "contract.run", "--spec", str(ROOT / "openapi.yaml"),
             "--config", str(ROOT / "schemathesis.toml"), *(extra or [])],
            cwd=workdir, env={**clean, **env}, capture_output=True, text=True,
            timeout=TIMEOUT, check=False,
        ))  # fmt: skip

    return timed(once), done[0]


def run(cfg: Config, work: Path, log: Progress) -> list[Figure]:
    figures: list[Figure] = []
    requests = work / "live-requests.jsonl"
    options = ["--db", str(work / "live.sqlite"), "--invoices", str(INVOICES),
               "--admin-token", TOKEN, "--request-log", str(requests)]  # fmt: skip
    with PortalProcess(*options, timeout=120, secrets=(TOKEN,)) as portal:
        live = {"PORTAL_URL": portal.url, "PORTAL_TOKEN": TOKEN}
        wall, done = contract_run(work / "read-only", live)
        methods = {json.loads(line)["method"] for line in requests.read_text().splitlines()}
        log(f"contract live: read-only run {wall:.1f} s, exit {done.returncode}, methods {methods}")
        figures += [
            Figure(
                NAME,
                f"read-only live run against {INVOICES:,} invoices (wall time)",
                wall,
                "s",
                target=f"< {MAX_SECONDS:g} s, passes",
                met=wall < MAX_SECONDS and done.returncode == 0,
            ),  # fmt: skip
            Figure(
                NAME,
                "read-only live run: methods the portal received",
                None,
                "",
                target="GET only",
                met=methods == {"GET"},
                display=", ".join(sorted(methods)),
            ),  # fmt: skip
            _size(work / "read-only" / "reports", "live run"),
        ]
        before, disposable = ids(portal.url), ids(portal.url, currency="KZT")
        destructive = {**live, "CONTRACT_DESTRUCTIVE": "1", "CONTRACT_DELETE_FILTER": DISPOSABLE,
                       "CONTRACT_MAX_DELETES": str(CAP)}  # fmt: skip
        wall, done = contract_run(work / "destructive", destructive)
        gone = before - ids(portal.url)
        log(
            f"contract live: destructive run {wall:.1f} s, exit {done.returncode}, "
            f"deleted {len(gone)}"
        )
        figures.append(
            Figure(
                NAME,
                f"destructive live run ({DISPOSABLE}, cap {CAP}): invoices deleted",
                len(gone),
                "invoices",
                target=f"passes, <= {CAP}, all disposable",
                met=done.returncode == 0 and len(gone) <= CAP and gone <= disposable,
                display=f"{len(gone)} of {len(before):,}, "
                f"{'all' if gone <= disposable else 'NOT all'} disposable, {wall:.0f} s",
            )  # fmt: skip
        )
    wall, done = contract_run(work / "embedded", {})
    log(f"contract live: embedded run {wall:.1f} s, exit {done.returncode}")
    figures.append(_size(work / "embedded" / "reports", "embedded run"))
    return figures


def _size(reports: Path, what: str) -> Figure:
    size = report_bytes(reports)
    limit = f"< {MAX_REPORT_BYTES / 1e6:g} MB"
    return Figure(NAME, f"report files of a default {what}", size / 1e6, "MB", target=limit,
                  met=size < MAX_REPORT_BYTES)  # fmt: skip
