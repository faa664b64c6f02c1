"""`make contract` (python -m contract.run) end to end, against portals served over HTTP:
read-only and destructive live runs, the token kept out of output and reports, and a drifted
portal failing the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from mock_portal import create_app
from tests.contract import drift
from tests.contract.conftest import CONFIG, SPEC
from tests.contract.serve import Recorder, serving

LIVE_TOKEN = "live-portal-token-5f1c0e9a"
QUICK = ["--max-examples", "8"]


def run_contract(url: str, tmp_path: Path, *extra: str, destructive: bool = False):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACT_", "PORTAL_"))}
    env.update(PORTAL_URL=url, PORTAL_TOKEN=LIVE_TOKEN)
    if destructive:
        env["CONTRACT_DESTRUCTIVE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "contract.run", "--spec", str(SPEC), "--config", str(CONFIG),
         *QUICK, *extra],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def live_portal(invoices: int = 40):
    app = create_app(invoices=invoices, seed=3, admin_token=LIVE_TOKEN)
    return app, Recorder(app)


def test_a_live_run_is_read_only_by_default(tmp_path):
    app, recorder = live_portal()
    with serving(recorder) as url:
        run = run_contract(url, tmp_path)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "read-only: GET operations only" in run.stdout
    methods = {method for method, *_ in recorder.requests}
    assert methods == {"GET"}, methods
    assert app.state.portal.count("invoice") == 40


def test_a_destructive_live_run_deletes_only_ids_it_listed(tmp_path):
    app, recorder = live_portal()
    existing = {str(i) for i in app.state.portal.invoice_ids()}
    with serving(recorder) as url:
        run = run_contract(url, tmp_path, "--phases", "examples,fuzzing,stateful",
                           destructive=True)  # fmt: skip
    assert "DESTRUCTIVE" in run.stdout
    deleted_names: list[set[str]] = []
    for method, path, query, body in recorder.requests:
        if method == "GET":
            continue
        assert method == "DELETE", (method, path)
        named = {
            v for k, v in parse_qsl(query.decode(), keep_blank_values=True) if "invoiceids" in k
        }
        try:
            value = json.loads(body or b"null")
        except ValueError:
            value = None
        if isinstance(value, dict):
            ids = value.get("invoiceids")
            named |= {str(i) for i in (ids if isinstance(ids, list) else [ids])}
        deleted_names.append(named)
    assert app.state.portal.count("invoice") < 40, "the run deleted nothing: it proves nothing"
    # Unguarded, fuzzing names ids no list ever gave (123445, -7, 2147483647, ...).
    for named in deleted_names:
        assert {n for n in named if any(c.isdigit() for c in n)} <= existing, named


def test_the_token_never_appears_in_output_or_reports(tmp_path):
    app, recorder = live_portal()
    with serving(recorder) as url:
        run = run_contract(url, tmp_path, "--report", "junit,ndjson,har,vcr")
    assert run.returncode == 0, run.stdout[-3000:]
    sent = [r for r in recorder.requests if r[0] == "GET"]
    assert sent, "nothing was sent"
    assert LIVE_TOKEN not in run.stdout + run.stderr
    reports = [p for p in (tmp_path / "reports").rglob("*") if p.is_file()]
    assert len(reports) >= 3
    for report in reports:
        assert LIVE_TOKEN.encode() not in report.read_bytes(), report


@pytest.mark.parametrize("make", [drift.pascal_case, drift.without_status_code])
def test_a_drifted_portal_fails_the_run(tmp_path, make):
    app = create_app(invoices=20, seed=3, admin_token=LIVE_TOKEN)
    with serving(make(app)) as url:
        run = run_contract(url, tmp_path, "--phases", "examples,coverage")
    assert run.returncode == 1, run.stdout[-3000:]
    assert "Response violates schema" in run.stdout
    assert "FAILED" in run.stdout
