"""Fixtures of the release tests: a small project released the way this repository is, and a
real local package index.

The project (`project` fixture) is a git repository built for these tests: a small spec, a
changelog, the three packages as tiny projects, and a Makefile whose `lint`, `test` and
`contract` are fast checks of its own, which includes this repository's `mk/publish.mk` and
`.bumpversion.toml` unchanged: those, and `spec_pipeline.release`, are what is tested. Its
`test` target runs pytest on `checks/`, so a test can make the release's checks fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import REPO

BIN = Path(sys.executable).parent
UV = str(REPO / ".tools" / "bin" / "uv") if (REPO / ".tools/bin/uv").is_file() else "uv"

SPEC = """\
openapi: 3.1.0
info:
  title: Test contract
  version: 1.0.0
  description: A small contract.
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - name: colour
          in: query
          required: false
          schema:
            type: string
      responses:
        '200':
          description: The things.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
    Thing:
      type: object
      properties:
        version:
          type: string
          example: 1.0.0
"""

CHANGELOG = """\
# Changelog

## [Unreleased]

### Fixed

- The colour filter is described.

## [1.0.0] - 2026-01-01

- The first contract.
"""

MAKEFILE = f"""\
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
MAKEFLAGS += --no-print-directory
PY := {sys.executable}
UV := {UV}
CLIENT := generated/onlyoffice-crm-client
GENERATE := $(PY) tools/generate.py
PUBLISH := $(PY) tools/publish.py
.PHONY: setup lint test contract
setup: ;
lint:
\t$(PY) -c "import yaml; yaml.safe_load(open('openapi.yaml'))"
test:
\t$(PY) -m pytest -q -p no:cacheprovider -p no:xdist -p no:randomly checks
contract:
\t@echo "contract: the fixture has no portal"
include mk/publish.mk
"""

CHECK = """\
from pathlib import Path

import yaml


def test_the_spec_loads():
    assert yaml.safe_load(Path("openapi.yaml").read_text())["paths"]
"""

# The client generator of the project: a package whose version is the spec's.
GENERATE = """\
import pathlib, shutil, yaml
version = yaml.safe_load(pathlib.Path("openapi.yaml").read_text())["info"]["version"]
out = pathlib.Path("generated/onlyoffice-crm-client")
shutil.rmtree(out, ignore_errors=True)
(out / "onlyoffice_crm_client").mkdir(parents=True)
(out / "onlyoffice_crm_client" / "__init__.py").write_text("")
(out / "README.md").write_text(f"# client\\n\\npip install onlyoffice-crm-client=={version}\\n")
(out / "pyproject.toml").write_text(PYPROJECT.format(name="onlyoffice-crm-client",
    version=version, module="onlyoffice_crm_client", deps=""))
"""

PUBLISH = """\
import json, pathlib, sys, yaml
out = pathlib.Path(sys.argv[sys.argv.index("--out") + 1])
out.mkdir(parents=True, exist_ok=True)
text = pathlib.Path("openapi.yaml").read_text()
(out / "openapi.yaml").write_text(text)
(out / "openapi.json").write_text(json.dumps(yaml.safe_load(text)))
"""

PYPROJECT = """\
[project]
name = "{name}"
version = "{version}"
description = "A package of the release tests."
readme = "README.md"
requires-python = ">=3.11"
dependencies = [{deps}]

[tool.uv.build-backend]
module-name = "{module}"
module-root = ""

[build-system]
requires = ["uv_build>=0.13.0,<0.14.0"]
build-backend = "uv_build"
"""

EXAMPLE = """\
run: pip install "onlyoffice-mock-portal==1.0.0" pytest "onlyoffice-contract-runner==1.0.0"
"""

UV_LOCK = """\
version = 1

[[package]]
name = "onlyoffice-invoice-contract"
version = "1.0.0"
source = { editable = "." }
"""


@dataclass
class Project:
    root: Path
    env: dict[str, str]

    def git(self, *args: str) -> str:
        run = subprocess.run(["git", *args], cwd=self.root, env=self.env, capture_output=True,
                             text=True, timeout=60, check=True)  # fmt: skip
        return run.stdout.strip()

    def make(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """`make ARGS` with each argument as given: no shell in between."""
        return subprocess.run(["make", *args], cwd=self.root, env={**self.env, **env},
                              capture_output=True, text=True, errors="replace", timeout=600,
                              check=False)  # fmt: skip

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> None:
        self.git("add", "--all")
        self.git("commit", "--quiet", "-m", message)

    def state(self) -> tuple[str, ...]:
        """What a refused release leaves as it was: every file outside .git (ignored ones
        too), the index, the commits, the branch and the tags."""
        files = sorted(
            f"{p.relative_to(self.root)}:{p.read_bytes()!r}"
            for p in self.root.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(self.root).parts
            and "__pycache__" not in p.parts
        )  # fmt: skip
        return (
            "\n".join(files),
            self.git("ls-files", "--stage"),
            self.git("tag", "--list"),
            self.git("log", "--all", "--format=%H %s"),
            self.git("symbolic-ref", "HEAD"),
        )


def git_env(home: Path) -> dict[str, str]:
    """The environment minus the caller's make, git and twine settings; a throwaway identity."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "MAKE", "RELEASE_", "TWINE_"))
           and k not in ("MFLAGS", "BASE", "VERSION")}  # fmt: skip
    home.mkdir(parents=True, exist_ok=True)
    (home / ".gitconfig").write_text("", encoding="utf-8")
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(home / ".gitconfig"))
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = "Release Test"
        env[f"GIT_{role}_EMAIL"] = "release@example.test"
    return env


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The small project at release 1.0.0 (`releases/1.0.0/openapi.yaml`, no tag), clean."""
    made = Project(tmp_path / "project", git_env(tmp_path / "home"))
    made.root.mkdir()
    made.git("init", "--quiet", "--initial-branch=main")
    files = {
        "Makefile": MAKEFILE,
        "openapi.yaml": SPEC,
        "releases/1.0.0/openapi.yaml": SPEC,
        "CHANGELOG.md": CHANGELOG,
        "pyproject.toml": '[project]\nname = "onlyoffice-invoice-contract"\nversion = "1.0.0"\n',
        "uv.lock": UV_LOCK,
        "checks/test_checks.py": CHECK,
        "tools/generate.py": f"PYPROJECT = {PYPROJECT!r}\n{GENERATE}",
        "tools/publish.py": PUBLISH,
        ".gitignore": "/build/\n__pycache__/\n",
        ".github/examples/onlyoffice-contract.yml": EXAMPLE,
    }
    packages = {
        "mock-portal": ("onlyoffice-mock-portal", "tiny_mock", ""),
        "contract-runner": ("onlyoffice-contract-runner", "tiny_runner",
                            '"onlyoffice-mock-portal==1.0.0"'),
    }  # fmt: skip
    for folder, (name, module, deps) in packages.items():
        pyproject = PYPROJECT.format(name=name, version="1.0.0", module=module, deps=deps)
        files[f"packages/{folder}/pyproject.toml"] = pyproject
        files[f"packages/{folder}/README.md"] = f"# {name}\n\nA package of the release tests.\n"
        files[f"packages/{folder}/{module}/__init__.py"] = ""
    for name, text in files.items():
        made.write(name, text)
    (made.root / "mk").mkdir()
    shutil.copyfile(REPO / "mk" / "publish.mk", made.root / "mk" / "publish.mk")
    shutil.copyfile(REPO / ".bumpversion.toml", made.root / ".bumpversion.toml")
    subprocess.run([sys.executable, "tools/generate.py"], cwd=made.root, check=True, timeout=60)
    made.commit("The contract, released as 1.0.0")
    return made


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def local_index(folder: Path) -> Iterator[str]:
    """A pypiserver on 127.0.0.1 serving `folder`, uploads without a password; its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [str(BIN / "pypi-server"), "run", "-p", str(port), "-i", "127.0.0.1",
               "-a", ".", "-P", ".", "--disable-fallback", str(folder)]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/simple/", timeout=2):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"pypiserver did not start: {server.stderr!r}") from None
                    time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


def fresh_venv(folder: Path) -> Path:
    """A new virtual environment (with pip) outside the repository; its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    return folder / "bin"


def pip_install(bin_dir: Path, *args: str, isolated: bool = True) -> None:
    """`pip install ARGS` in the environment; isolated: no pip configuration, no other index."""
    env = {k: v for k, v in os.environ.items() if not (isolated and k.startswith("PIP_"))}
    more = ["--isolated"] if isolated else []
    run = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                          "--disable-pip-version-check", *more, *args],
                         capture_output=True, text=True, timeout=900, env=env,
                         check=False)  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
