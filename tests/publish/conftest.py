"""Fixtures of the publish tests: the published folder, built once per session under tmp."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from spec_pipeline.publish import Inputs, publish
from spec_pipeline.yamlio import load_document
from tests.publish.browser import CHROMEDRIVER, CHROMIUM
from tests.support.paths import LINT, NODE_BIN, OVERLAYS, SPEC

PUBLIC_OVERLAY = OVERLAYS / "public.yaml"


def lint_copy(folder: Path) -> Path:
    """The house ruleset copied into `folder`: its overrides select files by paths under the
    ruleset's parent, so a build in `folder` is linted as one in the repository would be."""
    shutil.copytree(LINT, folder / "lint")
    return folder / "lint" / "spectral.yaml"


def repo_inputs(**changes: Any) -> Inputs:
    """The publish inputs of this repository, as absolute paths."""
    values: dict[str, Any] = {
        "spec": SPEC,
        "overlay": PUBLIC_OVERLAY,
        "node_bin": NODE_BIN,
        "ruleset": LINT / "spectral.yaml",
    }
    values.update(changes)
    return Inputs(**values)


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's spec published into a temporary folder, once per session."""
    folder = tmp_path_factory.mktemp("publish")
    out = folder / "dist"
    publish(repo_inputs(ruleset=lint_copy(folder)), out)
    return out


@pytest.fixture(scope="session")
def source_spec() -> dict[str, Any]:
    spec = load_document(SPEC)
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
    if CHROMIUM.is_file() and CHROMEDRIVER.is_file():
        return
    reason = (
        f"{CHROMIUM} or {CHROMEDRIVER} is missing: install them with `make system-deps` "
        "(Debian packages chromium, chromium-driver)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser test may not be skipped")
    pytest.skip(reason)
