"""The two wheels (packages/mock-portal, packages/contract-runner) built, installed into a
fresh virtual environment outside the repository, and used there the way another team's CI
uses them: the mock portal's command and pytest plugin, the contract command against it (read
only, then the exit codes of usage errors), against its embedded mock, and on HAR recordings."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_portal.process import READY_LINE, ServerProcess
from tests.contract import drift
from tests.contract.harrecord import write_har
from tests.support.paths import REPO

pytestmark = [pytest.mark.slow, pytest.mark.tool]

UV = REPO / ".tools" / "bin" / "uv"
TOKEN = "installed-admin-token-31"
# a team suite that needs no generated client: plain HTTP
PLUGIN_SUITE = Path(__file__).parent / "plugin_suite" / "http_only_tests.py"


def uv(*args: str, cwd: Path) -> None:
    run = subprocess.run([str(UV), *args], cwd=cwd, capture_output=True, text=True,
                         timeout=600, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A virtual environment outside the repository with both wheels, pinned as uv.lock pins
    their dependencies, plus pytest and httpx for a team's own tests."""
    root = tmp_path_factory.mktemp("installed")
    wheels = root / "wheels"
    for package in ("mock-portal", "contract-runner"):
        uv("build", "--wheel", "-q", "-o", str(wheels), str(REPO / "packages" / package), cwd=REPO)
    pins = root / "pins.txt"
    uv("export", "--frozen", "--no-hashes", "--all-groups", "--no-emit-project", "-q",
       "-o", str(pins), cwd=REPO)  # fmt: skip
    uv("venv", "-q", "--python", "3.11", str(root / "venv"), cwd=root)
    python = root / "venv" / "bin" / "python"
    uv("pip", "install", "-q", "--python", str(python), "-c", str(pins),
       *map(str, sorted(wheels.glob("*.whl"))), "pytest", "httpx", cwd=root)  # fmt: skip
    yield root / "venv" / "bin"


def outside(tmp_path: Path) -> dict[str, str]:
    """An environment that cannot see the repository's sources or its own venv."""
    ours = ("CONTRACT_", "PORTAL_", "MOCK_PORTAL_")
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "VIRTUAL_ENV"} and not k.startswith(ours)}  # fmt: skip
    env["HOME"] = str(tmp_path)
    return env


def run(command: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=tmp_path, env={**outside(tmp_path), **extra},
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip


def test_the_installed_commands_run_a_read_only_contract_against_the_installed_mock(venv, tmp_path):
    log = tmp_path / "requests.jsonl"
    command = [str(venv / "mock-portal"), "--port", "0", "--db", str(tmp_path / "p.sqlite"),
               "--invoices", "300", "--admin-token", TOKEN, "--request-log", str(log)]  # fmt: skip
    with ServerProcess(command, ready_prefix=READY_LINE, env=outside(tmp_path),
                       secrets=(TOKEN,)) as portal:  # fmt: skip
        assert f"base URL: {portal.url}\n" in "".join(portal.stdout)
        passed = run([str(venv / "onlyoffice-contract"), "--url", portal.url], tmp_path,
                     PORTAL_TOKEN=TOKEN)  # fmt: skip
        refused = run([str(venv / "onlyoffice-contract"), "--url", portal.url], tmp_path,
                      PORTAL_TOKEN="not-the-token")  # fmt: skip
    assert passed.returncode == 0, passed.stdout[-3000:] + passed.stderr[-2000:]
    assert "read-only" in passed.stdout
    assert (tmp_path / "reports" / "junit.xml").is_file()
    sent = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(sent) > 100 and {entry["method"] for entry in sent} == {"GET"}
    assert TOKEN not in log.read_text()
    assert refused.returncode == 2 and "refused PORTAL_TOKEN" in refused.stdout
    unreachable = run([str(venv / "onlyoffice-contract"), "--url", "http://127.0.0.1:9"],
                      tmp_path, PORTAL_TOKEN=TOKEN)  # fmt: skip
    assert unreachable.returncode == 2 and "cannot reach" in unreachable.stdout
    assert "Traceback" not in refused.stdout + refused.stderr + unreachable.stderr


def test_the_installed_contract_command_runs_against_its_embedded_mock(venv, tmp_path):
    done = run([str(venv / "onlyoffice-contract"), "--max-examples", "5",
                "--phases", "examples,coverage"], tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "mock portal stopped" in done.stdout
    # only the reports are left in the user's folder: no .hypothesis, no .schemathesis
    assert not (tmp_path / ".hypothesis").exists() and not (tmp_path / ".schemathesis").exists()
    assert (tmp_path / "reports" / "junit.xml").is_file()


def test_the_installed_pytest_plugin_serves_a_team_suite(venv, tmp_path):
    (tmp_path / "test_team.py").write_text(PLUGIN_SUITE.read_text(encoding="utf-8"))
    done = run([str(venv / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "2 passed" in done.stdout


def test_the_installed_contract_command_checks_a_har_recording(venv, tmp_path):
    from tests.contract.test_har import browse, client

    good = write_har(tmp_path / "good.har", browse(client()))
    drifted = write_har(tmp_path / "drifted.har", browse(client(drift.pascal_case)))
    passed = run([str(venv / "onlyoffice-contract"), "har", str(good)], tmp_path)
    failed = run([str(venv / "onlyoffice-contract"), "har", str(drifted)], tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "6 exchange(s) checked, 0 mismatch(es)" in passed.stdout
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "getInvoices: response 200 body" in failed.stdout
