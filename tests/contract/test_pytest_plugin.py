"""The mock portal's pytest plugin (mock_portal.pytest_plugin), used the way another team's
suite uses it: a separate pytest run that loads the plugin and nothing of this repository's
test support, on the tests in plugin_suite/team_tests.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import CLIENT_ROOT

pytestmark = pytest.mark.slow  # a pytest run of its own

SUITE = Path(__file__).parent / "plugin_suite" / "team_tests.py"


def run_suite(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_team.py").write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(CLIENT_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "mock_portal.pytest_plugin", "-p",
         "no:cacheprovider", "-q", "test_team.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_a_team_suite_builds_data_calls_the_client_and_resets(tmp_path):
    run = run_suite(tmp_path, SUITE.read_text(encoding="utf-8"))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout


def test_each_test_gets_a_fresh_portal(tmp_path):
    source = """
import httpx

def count(mock_portal):
    answer = httpx.get(f"{mock_portal.base_url}/api/2.0/crm/invoice/filter",
                       headers={"Authorization": mock_portal.admin_token})
    return answer.json()["total"]

def test_first(mock_portal):
    mock_portal.portal.add_invoice(number="ONE", issue_date="2021-03-01")
    assert count(mock_portal) == 1

def test_second(mock_portal):
    assert count(mock_portal) == 0
"""
    run = run_suite(tmp_path, source)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "2 passed" in run.stdout


def test_pytest_fixtures_documents_the_fixture_and_its_empty_default(tmp_path):
    (tmp_path / "test_nothing.py").write_text("", encoding="utf-8")
    listing = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "mock_portal.pytest_plugin", "-p",
         "no:cacheprovider", "--fixtures", "test_nothing.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    text = " ".join(listing.stdout.split())
    assert "mock_portal -- " in text
    assert "no invoices" in text and "@pytest.mark.mock_portal(invoices=200, seed=3)" in text
