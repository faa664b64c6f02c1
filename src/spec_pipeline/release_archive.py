"""The released contracts kept in the tree: `releases/X.Y.Z/`, one folder per release.

    releases/X.Y.Z/openapi.yaml             the source spec as released
    releases/X.Y.Z/published/openapi.yaml   the published spec (dist/) as released, and .json

Built packages are not kept here: a release uploads them to a package index, and its tag
rebuilds them.

The breaking-change gate compares against the newest folder, so it works in a clone without
tags (CI clones are often shallow). Tags `vX.Y.Z` stay as a convenience; a repository that
released by tag only still has its base there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_pipeline.document import load_spec
from spec_pipeline.gitrepo import last_release, spec_at
from spec_pipeline.versions import is_semver, version_key

FOLDER = "releases"
SOURCE = "openapi.yaml"


def release_folder(root: Path, version: str) -> Path:
    return root / FOLDER / version


def released_versions(root: Path) -> list[str]:
    """Versions with a released source spec under `releases/`, oldest first."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    found = [p.name for p in folder.iterdir() if is_semver(p.name) and (p / SOURCE).is_file()]
    return sorted(found, key=version_key)


@dataclass(frozen=True)
class Baseline:
    """The last release: its version, where its spec comes from, and the spec."""

    version: str
    source: str  # "releases/1.0.0/openapi.yaml" or "git tag v1.0.0"
    spec: dict[str, Any]


def last_released(root: Path, spec_file: str = "openapi.yaml") -> Baseline | None:
    """The newest release, from `releases/` or else (when a tag is newer) from `spec_file` at
    the tag."""
    versions = released_versions(root)
    tag = last_release(root)
    if versions and (tag is None or version_key(versions[-1]) >= version_key(tag[1:])):
        path = release_folder(root, versions[-1]) / SOURCE
        return Baseline(versions[-1], path.relative_to(root).as_posix(), load_spec(path))
    if tag is not None:
        spec = spec_at(tag, (root / spec_file).resolve())
        return Baseline(tag[1:], f"git tag {tag}", spec)
    return None
