"""What the pipeline asks git: a file at a ref, the last release tag, whether a tag exists.

A release tag is `vX.Y.Z` (a pre-release suffix allowed); "the last release tag" is the one with
the highest Semantic Versioning precedence, whatever order git lists tags in.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spec_pipeline.document import parse_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.versions import is_semver, version_key

GIT_TIMEOUT = 60.0  # seconds


def git(
    root: Path, *args: str, check: bool = True, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`git ARGS` in `root`; with `check` a failure raises with git's message (or its status)."""
    try:
        run = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GIT_TIMEOUT,
            env=None if env is None else {**os.environ, **env},
        )
    except FileNotFoundError:
        raise PipelineError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise PipelineError(f"git {' '.join(args)} did not finish in {GIT_TIMEOUT:.0f}s") from None
    if check and run.returncode != 0:
        # Some failures (a refused signature, a hook) say why on stdout, or not at all.
        reason = run.stderr.strip() or run.stdout.strip() or f"exit status {run.returncode}"
        raise PipelineError(f"git {' '.join(args)} failed: {reason}")
    return run


def spec_at(ref: str, file: Path) -> dict[str, Any]:
    """The OpenAPI document `file` (absolute, or relative to the current folder) as at `ref`."""
    folder = file.parent if file.is_absolute() else Path.cwd()
    name = file.name if file.is_absolute() else file.as_posix()
    if git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).returncode:
        raise PipelineError(f"git ref {ref!r} does not exist (or this is not a git repository)")
    shown = git(folder, "show", f"{ref}:./{name}", check=False)
    if shown.returncode != 0:
        raise PipelineError(f"{file} does not exist at git ref {ref!r}")
    if "\ufffd" in shown.stdout:  # git() decodes with errors="replace"
        raw = subprocess.run(
            ["git", "show", f"{ref}:./{name}"], cwd=folder, capture_output=True, timeout=GIT_TIMEOUT
        ).stdout
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PipelineError(
                f"{ref}:{file}: cannot read: not UTF-8 (byte {exc.start} is not valid)"
            ) from None
    return parse_spec(shown.stdout, f"{ref}:{file}")


def last_release(root: Path) -> str | None:
    """The release tag (`vX.Y.Z`) with the highest version in the repository at `root`."""
    tags = git(root, "tag", "--list", "v*").stdout.split()
    versions = [tag[1:] for tag in tags if is_semver(tag[1:])]
    return f"v{max(versions, key=version_key)}" if versions else None


def tag_exists(root: Path, tag: str) -> bool:
    return (
        git(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}", check=False).returncode
        == 0
    )
