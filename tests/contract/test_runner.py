"""`make contract` (python -m contract.run) end to end, against portals served over HTTP:
read-only and destructive live runs, the token kept out of output and reports, and a drifted
portal failing the run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from mock_portal.process import READY_LINE, ServerProcess
from tests.contract import drift
from tests.support.mock_data import named_ids
from tests.support.paths import REPO, SCHEMATHESIS_CONFIG, SPEC

pytestmark = pytest.mark.slow  # a portal and `make contract` in their own processes

LIVE_TOKEN = "live-portal-token-5f1c0e9a"
QUICK = ["--max-examples", "8"]
FILTER = "/api/2.0/crm/invoice/filter"


def run_contract(
    url: str, tmp_path: Path, *extra: str, destructive: bool = False, **variables: str
):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACT_", "PORTAL_"))}
    env.update(PORTAL_URL=url, PORTAL_TOKEN=LIVE_TOKEN, **variables)
    if destructive:
        env["CONTRACT_DESTRUCTIVE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "contract.run", "--spec", str(SPEC),
         "--config", str(SCHEMATHESIS_CONFIG), *QUICK, *extra],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


@dataclass
class LivePortal:
    """A portal in its own process (tests/contract/drifted_portal.py) and what it was sent."""

    server: ServerProcess
    record: Path

    @property
    def url(self) -> str:
        return self.server.url

    def requests(self) -> list[dict[str, str]]:
        lines = self.record.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def invoice_ids(self, **filters: str) -> set[int]:
        answer = httpx.get(f"{self.url}{FILTER}", params={"count": 1000, **filters},
                           headers={"Authorization": LIVE_TOKEN})  # fmt: skip
        answer.raise_for_status()
        return {invoice["id"] for invoice in answer.json()["response"]}


@contextmanager
def live_portal(tmp_path: Path, drift_name: str | None = None) -> Iterator[LivePortal]:
    record = tmp_path / "requests.jsonl"
    record.touch()
    command = [sys.executable, "-m", "tests.contract.drifted_portal", "--token", LIVE_TOKEN,
               "--record", str(record)]  # fmt: skip
    if drift_name:
        command += ["--drift", drift_name]
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    with ServerProcess(command, ready_prefix=READY_LINE, env=env, secrets=(LIVE_TOKEN,)) as server:
        yield LivePortal(server, record)


def test_a_live_run_is_read_only_by_default(tmp_path):
    with live_portal(tmp_path) as portal:
        run = run_contract(portal.url, tmp_path)
        left = portal.invoice_ids()
    assert run.returncode == 0, run.stdout[-3000:]
    assert "read-only: GET operations only" in run.stdout
    methods = {request["method"] for request in portal.requests()}
    assert methods == {"GET"}, methods
    assert len(left) == 40


def test_a_live_run_asks_for_small_pages_only(tmp_path):
    with live_portal(tmp_path) as portal:
        run = run_contract(portal.url, tmp_path, "--page", "7")
        sent = portal.requests()
    assert run.returncode == 0, run.stdout[-3000:]
    assert "pages of at most 7 invoices" in run.stdout
    lists = [r for r in sent if r["path"].startswith(FILTER)]  # not schemathesis's own probe
    assert len(lists) > 50
    for request in lists:
        counts = [v for k, v in parse_qsl(request["query"], keep_blank_values=True)
                  if k.lower() == "count"]  # fmt: skip
        # Unbounded, fuzzing omits count or sends one the portal ignores (then 1,000 invoices).
        assert len(counts) == 1 and counts[0].isdigit() and int(counts[0]) <= 7, request


def test_a_destructive_live_run_deletes_only_disposable_invoices_up_to_its_cap(tmp_path):
    with live_portal(tmp_path) as portal:
        before = portal.invoice_ids()
        disposable = portal.invoice_ids(currency="CHF")
        run = run_contract(portal.url, tmp_path, "--phases", "examples,fuzzing,stateful",
                           destructive=True, CONTRACT_DELETE_FILTER="currency=chf",
                           CONTRACT_MAX_DELETES="3")  # fmt: skip
        left = portal.invoice_ids()
        deletes = [r for r in portal.requests() if r["method"] != "GET"]
    # A correct portal passes: no placeholder id that the portal rightly refuses.
    assert run.returncode == 0, run.stdout[-3000:]
    assert "DESTRUCTIVE" in run.stdout
    assert len(disposable) > 3, "the data set must hold more disposable invoices than the cap"
    gone = before - left
    assert gone, "the run deleted nothing: it proves nothing"
    assert gone <= disposable and len(gone) <= 3, (gone, disposable)
    assert {r["method"] for r in deletes} == {"DELETE"}
    allowed = {str(i) for i in disposable}
    for request in deletes:
        assert named_ids(request) <= allowed, request
    record = json.loads((tmp_path / "reports" / "deleted-invoices.json").read_text())
    assert set(record["deleted"]) == gone
    assert ", ".join(map(str, sorted(gone))) in run.stdout


def test_a_destructive_live_run_with_nothing_disposable_sends_no_delete(tmp_path):
    with live_portal(tmp_path) as portal:
        run = run_contract(portal.url, tmp_path, destructive=True,
                           CONTRACT_DELETE_FILTER="filterValue=NO-SUCH-INVOICE")  # fmt: skip
        methods = {request["method"] for request in portal.requests()}
        left = portal.invoice_ids()
    assert run.returncode == 0, run.stdout[-3000:]
    assert "no delete is sent" in run.stdout
    assert methods == {"GET"}
    assert len(left) == 40


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "CONTRACT_DESTRUCTIVE=1 needs CONTRACT_DELETE_FILTER"),
        ({"CONTRACT_DELETE_FILTER": "curency=XTS"}, "'curency' is not a getInvoices filter"),
        ({"CONTRACT_DELETE_FILTER": "currency=XTS", "CONTRACT_MAX_DELETES": "all"},
         "CONTRACT_MAX_DELETES must be a whole number"),
    ],
)  # fmt: skip
def test_a_destructive_run_without_a_safe_filter_sends_nothing(tmp_path, variables, message):
    with live_portal(tmp_path) as portal:
        run = run_contract(portal.url, tmp_path, destructive=True, **variables)
        sent = portal.requests()
    assert run.returncode == 2, run.stdout[-3000:]
    assert message in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert sent == []


def test_the_token_never_appears_in_output_or_reports(tmp_path):
    with live_portal(tmp_path) as portal:
        run = run_contract(portal.url, tmp_path, "--report", "junit,ndjson,har,vcr")
    assert run.returncode == 0, run.stdout[-3000:]
    sent = [request for request in portal.requests() if request["method"] == "GET"]
    assert sent, "nothing was sent"
    assert LIVE_TOKEN not in run.stdout + run.stderr
    reports = [p for p in (tmp_path / "reports").rglob("*") if p.is_file()]
    assert len(reports) >= 3
    for report in reports:
        assert LIVE_TOKEN.encode() not in report.read_bytes(), report


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (drift.share_type_apart_from_privacy, "private is exactly shareType 0"),
        (drift.deletable_contacts, "canDelete is always false"),
    ],
)
def test_a_portal_breaking_the_permission_rules_fails_the_run(tmp_path, make, message):
    with live_portal(tmp_path, make.__name__) as portal:
        run = run_contract(portal.url, tmp_path, "--phases", "examples,coverage")
    assert run.returncode == 1, run.stdout[-3000:]
    assert message in run.stdout


@pytest.mark.parametrize("make", [drift.pascal_case, drift.without_status_code])
def test_a_drifted_portal_fails_the_run(tmp_path, make):
    with live_portal(tmp_path, make.__name__) as portal:
        run = run_contract(portal.url, tmp_path, "--phases", "examples,coverage")
    assert run.returncode == 1, run.stdout[-3000:]
    assert "Response violates schema" in run.stdout
    assert "FAILED" in run.stdout


def junit_cases(path: Path) -> dict[tuple[str, str], str | None]:
    """(operation, check) -> the failure text, or None when it passed."""
    cases = {}
    for case in ET.parse(path).iter("testcase"):
        failure = case.find("failure")
        cases[case.get("classname"), case.get("name")] = (
            None if failure is None else failure.text or ""
        )
    return cases


def test_junit_has_a_testcase_per_operation_and_check_and_a_failure_replays(tmp_path):
    with live_portal(tmp_path, drift.without_status_code.__name__) as portal:
        run = run_contract(portal.url, tmp_path, "--phases", "examples,coverage")
        replay_id = re.search(r"python -m contract\.run --replay (\S+)", run.stdout)
        assert replay_id, run.stdout[-3000:]
        replayed = run_contract(portal.url, tmp_path, "--replay", replay_id.group(1))
    cases = junit_cases(tmp_path / "reports" / "junit.xml")
    failure = cases["GET /api/2.0/crm/invoice/filter", "response_schema_conformance"]
    assert failure is not None and "'statusCode' is a required property" in failure.replace(
        '"', "'"
    )
    assert "request: GET " in failure
    assert cases["GET /api/2.0/crm/invoice/filter", "not_a_server_error"] is None
    assert ("GET /api/2.0/crm/invoice/filter.xml", "response_schema_conformance") in cases
    # The replay reaches the same portal with the token and fails the same way.
    assert replayed.returncode == 1, replayed.stdout[-3000:]
    assert "Response violates schema" in replayed.stdout
    assert "Missing environment variable" not in replayed.stdout + replayed.stderr


def test_passing_cases_keep_no_answer_bodies_in_the_event_report(tmp_path):
    with live_portal(tmp_path) as portal:
        run = run_contract(portal.url, tmp_path, "--phases", "examples,coverage")
    assert run.returncode == 0, run.stdout[-3000:]
    kept = omitted = 0
    for line in (tmp_path / "reports" / "contract.ndjson").read_text().splitlines():
        finished = json.loads(line).get("ScenarioFinished")
        for interaction in (finished or {}).get("recorder", {}).get("interactions", {}).values():
            response = interaction["response"]
            kept += response["content"] is not None
            omitted += response.get("content_omitted") is not None
    assert omitted > 100 and kept == 0, (kept, omitted)
