"""Live runs at a distance, end to end: the mock portal behind a proxy that delays every answer
and answers some requests 429 (tests/contract/slow_portal.py). A 429 slows the run and fails no
case; a destructive run with many workers deletes exactly up to its cap, disposable invoices
only; one process and parts side by side run the same cases."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from mock_portal.process import PortalProcess
from tests.contract.slow_portal import Behaviour, slow_portal
from tests.support.mock_data import named_ids
from tests.support.paths import SCHEMATHESIS_CONFIG, SPEC

pytestmark = pytest.mark.slow  # a portal and the runner in their own processes

TOKEN = "pace-live-portal-token-9b2e"
FILTER = "/api/2.0/crm/invoice/filter"


def mock_portal(tmp_path: Path, invoices: int = 150) -> PortalProcess:
    options = ["--db", str(tmp_path / "portal.sqlite"), "--invoices", str(invoices)]
    env = {**os.environ, "MOCK_PORTAL_ADMIN_TOKEN": TOKEN}
    return PortalProcess(*options, timeout=120, secrets=(TOKEN,), env=env)


def run_contract(url: str, tmp_path: Path, *extra: str, **variables: str):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACT_", "PORTAL_"))}
    env.update(PORTAL_URL=url, PORTAL_TOKEN=TOKEN, **variables)
    tmp_path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "contract.run", "--spec", str(SPEC),
         "--config", str(SCHEMATHESIS_CONFIG), *extra],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def ids(url: str, **filters: str) -> set[int]:
    answer = httpx.get(f"{url}{FILTER}", params={"count": 1000, **filters},
                       headers={"Authorization": TOKEN})  # fmt: skip
    answer.raise_for_status()
    return {invoice["id"] for invoice in answer.json()["response"]}


def test_a_portal_answering_429_slows_the_run_and_fails_no_case(tmp_path):
    behaviour = Behaviour(limit_every=9, retry_after="1")
    with mock_portal(tmp_path) as portal, slow_portal(portal.url, behaviour) as url:
        run = run_contract(url, tmp_path, "--max-examples", "6", "--phases", "examples,fuzzing")
    assert run.returncode == 0, run.stdout[-3000:]
    assert behaviour.limited >= 3, behaviour.limited  # the portal did say 429, several times
    backed = re.search(r"backed off (\d+) time\(s\) for a 429 or 503", run.stdout)
    assert backed and int(backed.group(1)) == behaviour.limited, run.stdout[-2000:]


@pytest.mark.timeout(900)  # five processes on a busy 2-core machine
def test_a_destructive_run_with_many_workers_against_a_slow_portal_stays_within_its_cap(tmp_path):
    behaviour = Behaviour(delay=0.05)
    with mock_portal(tmp_path) as portal, slow_portal(portal.url, behaviour) as url:
        before, disposable = ids(portal.url), ids(portal.url, currency="KZT")
        # the stateful part and each operation's fuzzing, all five at once, deleting side by side
        run = run_contract(
            url, tmp_path, "--workers", "5", "--rate-limit", "off", "--max-examples", "10",
            "--phases", "examples,fuzzing,stateful",
            CONTRACT_DESTRUCTIVE="1", CONTRACT_DELETE_FILTER="currency=KZT",
            CONTRACT_MAX_DELETES="3",
        )  # fmt: skip
        left = ids(portal.url)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "5 parts, 5 at a time" in run.stdout
    assert len(disposable) > 3, "the data set must hold more disposable invoices than the cap"
    assert behaviour.most_in_flight > 2, behaviour.most_in_flight  # really side by side
    record = json.loads((tmp_path / "reports" / "deleted-invoices.json").read_text())
    pool = set(record["disposable"])
    assert len(pool) == 3 and pool <= disposable
    gone = before - left
    assert gone == pool, (gone, pool)  # exactly up to the cap, the disposable ones only
    deletes = [r for r in behaviour.sent if r["method"] != "GET"]
    assert deletes and {r["method"] for r in deletes} == {"DELETE"}
    for request in deletes:
        assert named_ids(request) <= {str(i) for i in pool}, request


def requests_by_case(events: Path) -> list[str]:
    """Every case's request (method, path and query, body), sorted."""
    found = []
    for line in events.read_text(encoding="utf-8").splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        for interaction in (finished or {}).get("recorder", {}).get("interactions", {}).values():
            request = interaction["request"]
            uri = re.sub(r"^https?://[^/]+", "", request["uri"])
            found.append(f"{finished['phase']} {request['method']} {uri} {request.get('body')}")
    return sorted(found)


@pytest.mark.timeout(900)  # two runs, one of them in eight parts
def test_parts_side_by_side_run_the_same_cases_as_one_process(tmp_path):
    quick = ["--max-examples", "10", "--rate-limit", "off"]
    with mock_portal(tmp_path) as portal:
        one = run_contract(portal.url, tmp_path / "one", "--workers", "1", *quick)
        parts = run_contract(portal.url, tmp_path / "parts", "--workers", "3", *quick)
    assert one.returncode == 0, one.stdout[-3000:]
    assert parts.returncode == 0, parts.stdout[-3000:]
    assert "parts, 3 at a time" in parts.stdout
    cases = [re.search(r"(\d+) cases in", r.stdout) for r in (one, parts)]
    assert cases[0] and cases[1] and cases[0].group(1) == cases[1].group(1)
    reports = [tmp_path / name / "reports" / "contract.ndjson" for name in ("one", "parts")]
    assert requests_by_case(reports[0]) == requests_by_case(reports[1])
