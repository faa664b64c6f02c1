"""The last release is the highest semantic version among the vX.Y.Z tags, in one order for
every caller (the release gate, the breaking check, `make breaking`)."""

from __future__ import annotations

import pytest

from spec_pipeline.gitrepo import last_release
from tests.release.conftest import Project

pytestmark = pytest.mark.tool


def test_the_highest_version_wins_over_name_and_tag_order(project: Project) -> None:
    project.git("tag", "-a", "v1.0.0", "-m", "v1.0.0")
    # Name order puts v1.9.0 above v1.10.0; tag dates put v1.9.0 last.
    for tag in ("v1.10.0", "v2.0.0-rc.1", "v2.0.0-alpha", "v1.9.0"):
        project.git("tag", "-a", tag, "-m", tag)
    assert last_release(project.root) == "v2.0.0-rc.1"
    project.git("tag", "-a", "v2.0.0", "-m", "v2.0.0")
    assert last_release(project.root) == "v2.0.0"


def test_tags_that_are_not_releases_are_ignored(project: Project) -> None:
    project.git("tag", "-a", "v1.0.0", "-m", "v1.0.0")
    for tag in ("v3", "v9.0", "vnext", "v01.2.3", "release-9.0.0"):
        project.git("tag", tag)
    assert last_release(project.root) == "v1.0.0"


def test_no_release_tag_yet(project: Project) -> None:
    assert last_release(project.root) is None
