"""The client's wheel and sdist: built by uv offline, refused by `twine check` when the metadata
PyPI shows is incomplete, and imported from a fresh virtual environment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spec_pipeline import client_dist
from spec_pipeline.errors import PipelineError
from tests.release.clone import REPO

pytestmark = [pytest.mark.tool, pytest.mark.slow]  # uv, twine, a new virtual environment

UV = str(REPO / ".tools" / "bin" / "uv") if (REPO / ".tools/bin/uv").is_file() else "uv"
CLIENT = REPO / "generated" / "onlyoffice-crm-client"


def tiny_project(root: Path, readme: bool = True) -> Path:
    """A package with no dependencies (installs offline), built by the client's own backend."""
    project = root / "tiny"
    (project / "tiny_pkg").mkdir(parents=True)
    (project / "tiny_pkg" / "__init__.py").write_text("ANSWER = 42\n", encoding="utf-8")
    pyproject = (CLIENT / "pyproject.toml").read_text(encoding="utf-8")
    backend = pyproject[pyproject.index("[build-system]") :].split("\n\n")[0]
    lines = ['[project]\nname = "tiny-pkg"\nversion = "3.1.4"\n']
    if readme:
        (project / "README.md").write_text("# tiny\n\nA tiny package.\n", encoding="utf-8")
        lines.append('readme = "README.md"\n')
    lines.append(
        f'\n[tool.uv.build-backend]\nmodule-name = "tiny_pkg"\nmodule-root = ""\n\n{backend}\n'
    )
    (project / "pyproject.toml").write_text("".join(lines), encoding="utf-8")
    return project


def test_build_check_and_install(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    built = client_dist.build(tiny_project(tmp_path), out, UV)
    assert built.wheel.name == "tiny_pkg-3.1.4-py3-none-any.whl"
    assert built.sdist.name == "tiny_pkg-3.1.4.tar.gz"
    client_dist.check(built)
    client_dist.try_install(built.wheel, "tiny-pkg", "3.1.4", "tiny_pkg", UV)
    with pytest.raises(PipelineError, match="not 9.9.9"):
        client_dist.try_install(built.wheel, "tiny-pkg", "9.9.9", "tiny_pkg", UV)
    with pytest.raises(PipelineError, match="importing the installed client failed"):
        client_dist.try_install(built.wheel, "tiny-pkg", "3.1.4", "no_such_module", UV)


def test_twine_refuses_a_package_without_a_long_description(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    built = client_dist.build(tiny_project(tmp_path, readme=False), out, UV)
    with pytest.raises(
        PipelineError, match="(?s)checking the client's metadata failed.*description"
    ):
        client_dist.check(built)


def test_a_project_that_does_not_build_is_named(tmp_path: Path) -> None:
    project = tiny_project(tmp_path)
    shutil.rmtree(project / "tiny_pkg")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(PipelineError, match="building the client failed"):
        client_dist.build(project, out, UV)


def test_sha256sums_is_what_sha256sum_checks(tmp_path: Path) -> None:
    (tmp_path / "a.whl").write_bytes(b"abc")
    assert client_dist.sha256sums([tmp_path / "a.whl"]) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.whl\n"
    )
