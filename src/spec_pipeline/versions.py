"""Semantic versions (https://semver.org/spec/v2.0.0.html): the shape and the precedence."""

from __future__ import annotations

import re
from typing import Any

from spec_pipeline.errors import PipelineError

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")


def is_semver(version: str) -> bool:
    return SEMVER.match(version) is not None


def version_key(version: str) -> tuple[Any, ...]:
    """A sort key with Semantic Versioning 2.0.0 precedence (build metadata not supported)."""
    if not is_semver(version):
        raise PipelineError(f"{version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    core, _, pre = version.partition("-")
    major, minor, patch = (int(part) for part in core.split("."))
    if not pre:
        return (major, minor, patch, 1, ())
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (major, minor, patch, 0, ids)


def major(version: str) -> int:
    return int(version_key(version)[0])
