"""Command line for the breaking-change check.

    python -m spec_pipeline.breaking_cli BASE NEW
    python -m spec_pipeline.breaking_cli --base-ref GITREF [--file openapi.yaml] [NEW]

Exit status: 0 no breaking change, 1 breaking changes found, 2 usage or load error.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spec_pipeline.breaking import Change, Report, SpecError, compare
from spec_pipeline.yamlio import DocumentError, load_yaml


class LoadError(Exception):
    pass


def load_text(text: str, source: str) -> dict[str, Any]:
    """YAML 1.2 (date-like scalars stay strings, as JSON would keep them); JSON is YAML too."""
    try:
        doc = load_yaml(text, source=source)
    except DocumentError as exc:
        raise LoadError(str(exc)) from exc
    if not isinstance(doc, dict):
        raise LoadError(f"{source}: not an OpenAPI document (top level is not a mapping)")
    return doc


def load_file(path: str) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return load_text(text, path)


def load_git(ref: str, file: str) -> dict[str, Any]:
    """The document as committed at ``ref``; ``file`` is relative to the current directory."""
    path = Path(file)
    cwd = path.parent if path.is_absolute() else Path.cwd()
    name = path.name if path.is_absolute() else path.as_posix()

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
        except FileNotFoundError as exc:
            raise LoadError("git is not installed") from exc

    if git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise LoadError(f"git ref {ref!r} does not exist (or this is not a git repository)")
    shown = git("show", f"{ref}:./{name}")
    if shown.returncode != 0:
        raise LoadError(f"{file} does not exist at git ref {ref!r}")
    return load_text(shown.stdout, f"{ref}:{file}")


def format_text(report: Report) -> str:
    def section(title: str, changes: list[Change]) -> list[str]:
        lines = [f"{title} ({len(changes)}):"]
        lines += [f"  {c.operation}  {c.path}  {c.message}" for c in changes] or ["  none"]
        return lines

    lines = section("Breaking changes", report.breaking) + [""]
    lines += section("Non-breaking changes", report.non_breaking)
    return "\n".join(lines)


def format_json(report: Report) -> str:
    data = {
        "breaking": [c.as_dict() for c in report.breaking],
        "non_breaking": [c.as_dict() for c in report.non_breaking],
    }
    return json.dumps(data, indent=2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec_pipeline.breaking_cli",
        description="Report breaking and non-breaking changes between two OpenAPI documents.",
    )
    parser.add_argument("specs", nargs="*", metavar="SPEC", help="BASE NEW, or NEW with --base-ref")
    parser.add_argument("--base-ref", metavar="GITREF", help="read the base document from git")
    parser.add_argument(
        "--file",
        default="openapi.yaml",
        help="document path for --base-ref, also the default NEW (default: openapi.yaml)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)  # exits with 2 on usage errors

    if args.base_ref is None and len(args.specs) != 2:
        parser.error("give BASE and NEW, or --base-ref GITREF")
    if args.base_ref is not None and len(args.specs) > 1:
        parser.error("with --base-ref give at most NEW")
    try:
        if args.base_ref is not None:
            base = load_git(args.base_ref, args.file)
            new = load_file(args.specs[0] if args.specs else args.file)
        else:
            base, new = load_file(args.specs[0]), load_file(args.specs[1])
        report = compare(base, new)
    except (LoadError, SpecError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_json(report) if args.format == "json" else format_text(report))
    return 1 if report.has_breaking else 0


if __name__ == "__main__":
    sys.exit(main())
