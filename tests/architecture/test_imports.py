"""The import rules of ARCHITECTURE.md (import-linter, run by `make lint`): they hold on the
code as it is, and each one fails on a copy of the code that breaks it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

pytestmark = [pytest.mark.tool, pytest.mark.slow]

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("mock_portal", "spec_pipeline", "contract")


def lint_imports(source_root: Path | None = None) -> subprocess.CompletedProcess[str]:
    """lint-imports with the repository's contracts, on `source_root`'s copies of the packages
    (PYTHONPATH comes before the editable install) or on the packages as installed."""
    env = dict(os.environ)
    if source_root is not None:
        env["PYTHONPATH"] = str(source_root)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(REPO / "pyproject.toml")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_with_probe(tmp_path: Path, package: str, probe: str, text: str) -> Path:
    for name in PACKAGES:
        shutil.copytree(REPO / "src" / name, tmp_path / name)
    (tmp_path / package / f"{probe}.py").write_text(text)
    return tmp_path


def test_the_code_keeps_every_rule() -> None:
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("package", "text", "named"),
    [
        ("mock_portal", "import spec_pipeline.document\n", "mock_portal is not allowed to import"),
        ("mock_portal", "import yaml\n", "mock_portal is not allowed to import yaml"),
        ("spec_pipeline", "import mock_portal.portal\n", "spec_pipeline is not allowed to import"),
        ("contract", "import mock_portal.portal\n", "contract is not allowed to import"),
    ],
    ids=["mock-reads-the-pipeline", "mock-reads-yaml", "pipeline-uses-mock", "contract-in-mock"],
)
def test_a_forbidden_import_is_named(tmp_path: Path, package: str, text: str, named: str) -> None:
    result = lint_imports(copy_with_probe(tmp_path, package, "zz_probe", text))
    assert result.returncode != 0
    assert named in result.stdout
    assert "zz_probe" in result.stdout


def test_an_import_cycle_is_named(tmp_path: Path) -> None:
    root = copy_with_probe(tmp_path, "spec_pipeline", "zz_first", "from . import zz_second\n")
    (root / "spec_pipeline" / "zz_second.py").write_text("from . import zz_first\n")
    result = lint_imports(root)
    assert result.returncode != 0
    assert "zz_second -> .zz_first" in result.stdout or "zz_first -> .zz_second" in result.stdout
