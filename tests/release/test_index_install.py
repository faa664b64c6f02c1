"""This repository's three packages as a user gets them: built by `uv build`, checked by `twine
check`, uploaded by `twine upload` to a real local index (pypiserver), then installed with
`pip install --index-url` into a fresh virtual environment, each reporting the one version.

The packages' own dependencies come from the index pip is configured with (PyPI): the local
index serves only what a release uploads."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.release.conftest import UV, fresh_venv, local_index, pip_install
from tests.support.paths import REPO

pytestmark = [pytest.mark.tool, pytest.mark.slow]  # builds, a server, a fresh venv, downloads

PROJECTS = ("generated/onlyoffice-crm-client", "packages/mock-portal", "packages/contract-runner")


def run(*command: str, cwd: Path = REPO) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900,
                          check=False)  # fmt: skip
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout + done.stderr


def test_the_three_packages_install_from_an_index_into_a_fresh_environment(
    tmp_path: Path,
) -> None:
    config = tomllib.loads((REPO / ".bumpversion.toml").read_text(encoding="utf-8"))
    version = config["tool"]["bumpversion"]["current_version"]
    built = tmp_path / "built"
    for project in PROJECTS:
        run(UV, "build", "-q", "--wheel", "-o", str(built), str(REPO / project))
    files = sorted(str(p) for p in built.glob("*.whl"))
    assert len(files) == 3 and all(f"-{version}-" in name for name in files), files
    run(sys.executable, "-m", "twine", "check", "--strict", *files)
    with local_index(tmp_path / "index") as url:
        upload = ["--repository-url", url, "-u", "user", "-p", "not-checked", "--non-interactive"]
        run(sys.executable, "-m", "twine", "upload", *upload, *files)
        venv = fresh_venv(tmp_path / "user")
        # What a user types, with PyPI behind the local index for the packages' dependencies.
        pip_install(venv, "--index-url", f"{url}/simple/",
                    "--extra-index-url", "https://pypi.org/simple/",
                    f"onlyoffice-crm-client=={version}", "onlyoffice-contract-runner",
                    isolated=False)  # fmt: skip
    said = {
        command: run(str(venv / command), "--version", cwd=tmp_path)
        for command in ("mock-portal", "onlyoffice-contract")
    }
    assert said == {
        "mock-portal": f"mock-portal {version}\n",
        "onlyoffice-contract": f"onlyoffice-contract {version}\n",
    }
    probe = (
        "import importlib.metadata as m, onlyoffice_crm_client, contract.run, contract.cli; "
        "print(*(m.version(n) for n in ('onlyoffice-crm-client', 'onlyoffice-mock-portal', "
        "'onlyoffice-contract-runner')))"
    )
    assert run(str(venv / "python"), "-I", "-c", probe, cwd=tmp_path).split() == [version] * 3
