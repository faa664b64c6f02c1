"""Semantic versions (https://semver.org/spec/v2.0.0.html): the shape and the precedence.

A version is the whole string and nothing around it: no `v`, no spaces, no line break. (A
`$`-anchored pattern accepted "1.0.1\\n", which then wrote a broken changelog heading.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from spec_pipeline.errors import PipelineError

_NUMBER = r"(0|[1-9]\d*)"
_PRE_ID = r"(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"  # no leading zero in a number
SEMVER = re.compile(rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}(?:-({_PRE_ID}(?:\.{_PRE_ID})*))?", re.ASCII)


def is_semver(version: str) -> bool:
    return SEMVER.fullmatch(version) is not None


def version_key(version: str) -> tuple[Any, ...]:
    """A sort key with Semantic Versioning 2.0.0 precedence (build metadata not supported)."""
    match = SEMVER.fullmatch(version)
    if match is None:
        raise PipelineError(f"{version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    major, minor, patch = (int(part) for part in match.group(1, 2, 3))
    pre = match.group(4)
    if not pre:
        return (major, minor, patch, 1, ())
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split("."))
    return (major, minor, patch, 0, ids)


def major(version: str) -> int:
    return int(version_key(version)[0])


RELEASE = re.compile(rf"{_NUMBER}\.{_NUMBER}\.{_NUMBER}", re.ASCII)  # what a release may be


def newest_release(folder: Path) -> str | None:
    """The highest X.Y.Z among `folder`/X.Y.Z/openapi.yaml (by version, not by name)."""
    found = [p.parent.name for p in folder.glob("*/openapi.yaml")]
    return max((v for v in found if RELEASE.fullmatch(v)), key=version_key, default=None)
