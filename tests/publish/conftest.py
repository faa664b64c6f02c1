"""Fixtures of the publish tests: the published folder, built once per session when stale."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from spec_pipeline.publish import OUTPUT_FILES, Inputs, publish
from spec_pipeline.yamlio import load_document
from tests.publish.browser import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
SOURCE = ROOT / "openapi.yaml"
PUBLIC_OVERLAY = ROOT / "overlays" / "public.yaml"


def repo_inputs(**changes: Any) -> Inputs:
    """The publish inputs of this repository, as absolute paths."""
    values: dict[str, Any] = {
        "spec": SOURCE,
        "overlay": PUBLIC_OVERLAY,
        "node_bin": ROOT / "node_modules" / ".bin",
        "ruleset": ROOT / "lint" / "spectral.yaml",
    }
    values.update(changes)
    return Inputs(**values)


def _stale(out: Path) -> bool:
    outputs = [out / name for name in OUTPUT_FILES]
    if not all(path.is_file() for path in outputs):
        return True
    newest_input = max(path.stat().st_mtime for path in (SOURCE, PUBLIC_OVERLAY))
    return min(path.stat().st_mtime for path in outputs) < newest_input


@pytest.fixture(scope="session")
def dist() -> Path:
    """``dist/`` of the repository, published now if missing or older than its inputs."""
    if _stale(DIST):
        publish(repo_inputs(), DIST)
    return DIST


@pytest.fixture(scope="session")
def source_spec() -> dict[str, Any]:
    spec = load_document(SOURCE)
    assert isinstance(spec, dict)
    return spec


@pytest.fixture(scope="session")
def published_spec(dist: Path) -> dict[str, Any]:
    spec = load_document(dist / "openapi.yaml")
    assert isinstance(spec, dict)
    return spec


@pytest.fixture(scope="session")
def chromium_available() -> None:
    """Skip without Chromium on a developer machine; in CI (``CI`` set) a missing one fails."""
    if CHROMIUM.is_file():
        return
    reason = f"{CHROMIUM} is missing: install it with `make browser` (Debian package chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser test may not be skipped")
    pytest.skip(reason)
