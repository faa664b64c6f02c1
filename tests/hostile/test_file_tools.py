"""Every file tool on every hostile file: one error line naming the file and the place, a
non-zero exit, no traceback, nothing read through a reference, and no stall."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.paths import REPO, SPEC

from .conftest import RecordingServer
from .material import SECRET, Hostile, client_overlay, hostile_overlays, hostile_specs

pytestmark = pytest.mark.slow

# The loaders refuse these before anything is applied or validated; a tool that merely applies
# overlays (apply-overlay) passes references through, since it never follows them.
LOADER_ATTACKS = {"alias-bomb", "deep-yaml", "deep-json", "not-utf8"}
# A tool that took longer than this did the work the limits exist to prevent.
SECONDS = 20


def run(args: list[str | Path], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return result, time.perf_counter() - started


def spec_commands(spec: Path, out: Path) -> dict[str, list[str | Path]]:
    overlay = client_overlay()
    return {
        "apply-overlay": ["spec_pipeline.apply_overlay", spec, overlay, "--check"],
        "generate": ["spec_pipeline.generate", "--spec", spec, "--overlay", overlay,
                     "--spec-only", "--client-spec", out / "client.yaml"],
        "publish": ["spec_pipeline.publish", "--spec", spec, "--out", out / "dist", "--no-lint"],
        "check_breaking": ["spec_pipeline.check_breaking", spec, SPEC],
    }  # fmt: skip


def overlay_commands(overlay: Path, out: Path) -> dict[str, list[str | Path]]:
    return {
        "apply-overlay": ["spec_pipeline.apply_overlay", SPEC, overlay, "--check"],
        "generate": ["spec_pipeline.generate", "--overlay", overlay,
                     "--spec-only", "--client-spec", out / "client.yaml"],
        "publish": ["spec_pipeline.publish", "--overlay", overlay, "--out", out / "dist",
                    "--no-lint"],
    }  # fmt: skip


def assert_refused(
    tool: str, hostile: Hostile, result: subprocess.CompletedProcess[str], seconds: float
) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert SECRET not in output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors, output
    first = errors[0]
    assert first.startswith(f"{tool}: error: "), first
    assert str(hostile.path) in first, first
    assert hostile.place in first, first
    assert len(first) < 400, "the error line quotes a whole value"
    assert seconds < SECONDS, f"{tool} took {seconds:.1f}s on {hostile.name}"


SPEC_CASES = [
    "ref-file-url", "ref-absolute-path", "ref-relative-file", "ref-http-url", "ref-dangling",
    "alias-bomb", "deep-yaml", "deep-json", "not-utf8",
]  # fmt: skip


@pytest.mark.parametrize(
    ("tool", "case"),
    [
        (tool, case)
        for tool in ("apply-overlay", "generate", "publish", "check_breaking")
        for case in SPEC_CASES
        # apply-overlay passes references through without following them
        if tool != "apply-overlay" or case in LOADER_ATTACKS
    ],
)
def test_a_hostile_spec_is_refused_with_one_line(
    tool: str, case: str, tmp_path: Path, secret: Path, evil_server: RecordingServer
) -> None:
    url = f"http://127.0.0.1:{evil_server.server_address[1]}/evil.yaml"
    hostile = {h.name: h for h in hostile_specs(tmp_path, secret, url)}[case]
    result, seconds = run(spec_commands(hostile.path, tmp_path)[tool], REPO)
    assert_refused(tool, hostile, result, seconds)
    assert evil_server.requests == []
    assert not (tmp_path / "dist").exists()
    assert not (tmp_path / "client.yaml").exists()


@pytest.mark.parametrize("tool", ["apply-overlay", "generate", "publish"])
@pytest.mark.parametrize("case", ["overlay-alias-bomb", "overlay-deep"])
def test_a_hostile_overlay_is_refused_with_one_line(tool: str, case: str, tmp_path: Path) -> None:
    hostile = {h.name: h for h in hostile_overlays(tmp_path)}[case]
    result, seconds = run(overlay_commands(hostile.path, tmp_path)[tool], REPO)
    assert_refused(tool, hostile, result, seconds)
