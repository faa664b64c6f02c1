"""A throwaway git repository with a small spec, a changelog and a fake client generator,
released as 1.0.0 the way this repository is: `releases/1.0.0/openapi.yaml`, no tag."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from spec_pipeline.release import Options

SPEC = """\
# The test contract. This comment must survive a release.
openapi: 3.1.0
info:
  title: Test contract
  # the one version of the contract
  version: 1.0.0  # set by the release
  description: A small contract.
servers:
  - url: https://example.test
paths:
  /things:
    get:
      operationId: listThings
      summary: List things
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
  /things/{id}:
    delete:
      operationId: deleteThing
      summary: Delete a thing
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        '204':
          description: Deleted.
components:
  schemas:
    Thing:
      type: object
      properties:
        version:
          type: string
          description: Not the contract version.
"""

CHANGELOG = """\
# Changelog

## [Unreleased]

### Fixed

- The colour filter is described.

## [1.0.0] - 2026-01-01

### Added

- The first contract.
"""

# Writes generated/version.txt from the spec's version line: proves it ran after the edit.
FAKE_GENERATOR = (
    sys.executable,
    "-c",
    "import pathlib, re; "
    "v = re.search(r'^  version: (\\S+)', pathlib.Path('openapi.yaml').read_text(), re.M)[1]; "
    "d = pathlib.Path('generated'); d.mkdir(exist_ok=True); (d / 'version.txt').write_text(v)",
)


@dataclass
class Repo:
    root: Path

    def git(self, *args: str) -> str:
        run = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, timeout=30, check=True
        )
        return run.stdout.strip()

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "--quiet", "-m", message)

    def options(self, **changes: object) -> Options:
        """A release with the fake generator, and no check, client or publish step unless a
        test asks for one."""
        values: dict[str, object] = {
            "root": self.root,
            "generate_command": FAKE_GENERATOR,
            "check_command": (),
            "publish_command": (),
            "client": None,
            "date": "2026-02-03",
        }
        values.update(changes)
        return Options(**values)  # type: ignore[arg-type]

    def state(self) -> tuple[str, ...]:
        """Everything a refused release must leave as it was: every file and folder outside
        .git (ignored ones too), the index, the commits, the branch and the tags."""
        tree = sorted(
            f"{p.relative_to(self.root)}:{p.read_bytes()!r}" if p.is_file() else str(p)
            for p in self.root.rglob("*")
            if ".git" not in p.relative_to(self.root).parts
        )
        return (
            "\n".join(tree),
            self.git("ls-files", "--stage"),
            self.git("tag", "--list"),
            self.git("log", "--all", "--format=%H %s"),
            self.git("symbolic-ref", "HEAD"),
        )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository at release v1.0.0 of SPEC, with a clean working tree."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Release Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "release@example.test")
    root = tmp_path / "repo"
    root.mkdir()
    repository = Repo(root)
    repository.git("init", "--quiet", "--initial-branch=main")
    repository.write("openapi.yaml", SPEC)
    repository.write("CHANGELOG.md", CHANGELOG)
    (root / "releases" / "1.0.0").mkdir(parents=True)
    repository.write("releases/1.0.0/openapi.yaml", SPEC)
    repository.commit("Initial contract, released as 1.0.0")
    return repository
