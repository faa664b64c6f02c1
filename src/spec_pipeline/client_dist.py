"""The client as a user installs it: a wheel and an sdist, checked, and imported from a fresh
virtual environment before a release may ship them.

    build(project, out, uv)                  uv build: the sdist, then the wheel from the sdist
    check(files)                             twine check --strict: the metadata PyPI reads
    try_install(wheel, version, ..., uv)     a new venv, the wheel installed, the package imported

Each step raises `PipelineError` with the tool's own words.
"""

from __future__ import annotations

import hashlib
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spec_pipeline.errors import PipelineError

STEP_TIMEOUT = 600.0  # seconds; installing fetches the client's dependencies


@dataclass(frozen=True)
class Distribution:
    wheel: Path
    sdist: Path

    @property
    def files(self) -> tuple[Path, Path]:
        return (self.wheel, self.sdist)


def run_step(what: str, command: Sequence[str], cwd: Path | None = None) -> str:
    """Run `command`; its output when it passes, else a `PipelineError` naming `what`."""
    try:
        run = subprocess.run(
            list(command),
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PipelineError(f"{what}: did not finish in {STEP_TIMEOUT:.0f}s") from None
    except OSError as exc:
        raise PipelineError(f"{what}: cannot run {shlex.join(command)}: {exc}") from None
    output = (run.stdout + run.stderr).strip()
    if run.returncode != 0:
        raise PipelineError(f"{what} failed ({shlex.join(command)}):\n{output}")
    return output


def build(project: Path, out: Path, uv: str) -> Distribution:
    """The sdist and the wheel of `project` in the empty folder `out`."""
    run_step(
        "building the client",
        [uv, "build", "--sdist", "--wheel", "--out-dir", str(out), str(project)],
    )
    wheels, sdists = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        found = ", ".join(p.name for p in sorted(out.iterdir())) or "nothing"
        raise PipelineError(f"building the client: expected one wheel and one sdist, got {found}")
    return Distribution(wheels[0], sdists[0])


def check(dist: Distribution) -> None:
    """`twine check --strict`: the README renders as the long description, metadata complete."""
    command = [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.files)]
    run_step("checking the client's metadata", command)


def try_install(wheel: Path, distribution: str, version: str, module: str, uv: str) -> None:
    """Install `wheel` into a new virtual environment and import `module` there; the installed
    distribution must carry `version`."""
    probe = (
        "import importlib, importlib.metadata as m, sys; "
        f"importlib.import_module({module!r}); "
        f"print(m.version({distribution!r}))"
    )
    with tempfile.TemporaryDirectory(prefix="client-install-") as folder:
        venv = Path(folder) / "venv"
        python = venv / "bin" / "python"
        run_step(
            "creating a fresh virtual environment",
            [uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
        )
        run_step(
            "installing the client's wheel",
            [uv, "pip", "install", "--quiet", "--python", str(python), str(wheel)],
        )
        installed = run_step(
            "importing the installed client", [str(python), "-I", "-c", probe], cwd=Path(folder)
        )
    if installed.splitlines()[-1:] != [version]:
        raise PipelineError(f"the installed client says version {installed!r}, not {version}")


def sha256sums(files: Sequence[Path]) -> str:
    """`sha256sum`'s format, so `sha256sum -c SHA256SUMS` checks a download."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in files]
    return "\n".join(lines) + "\n"
