"""Command: the breaking-change check between two OpenAPI documents (docs/breaking-changes.md).

    python -m spec_pipeline.check_breaking BASE NEW
    python -m spec_pipeline.check_breaking --base=BASE [--file openapi.yaml] [NEW]
    python -m spec_pipeline.check_breaking --last-release --allow-major [--new-version X.Y.Z]
    python -m spec_pipeline.check_breaking --rules

`--base=BASE` is what `make breaking BASE=...` passes: an existing file, else a git ref; empty
means `--last-release`: the newest `releases/X.Y.Z/openapi.yaml` (no release at all is an
error, never a silent pass). `--allow-major` is the gate of `make lint` and of a release:
breaking changes are listed but pass when the new version's major (`--new-version`, else NEW's
`info.version`) is greater than the base's (the release folder's name, else its
`info.version`).
Exit status: 0 no breaking change (or allowed), 1 breaking changes, 2 usage or load error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spec_pipeline import cli
from spec_pipeline.breaking import RULES, Report, compare
from spec_pipeline.document import load_spec, parse_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.versions import RELEASE, newest_release

COMMAND = "check_breaking"
RELEASES = Path("releases")
GIT_TIMEOUT = 60


def format_report(report: Report, form: str) -> str:
    """The report as text (one line per change) or as JSON (for other tools)."""
    if form == "json":
        data = {"breaking": report.breaking, "non_breaking": report.non_breaking}
        return json.dumps({k: [c.as_dict() for c in v] for k, v in data.items()}, indent=2)
    lines: list[str] = []
    for title, changes in (("Breaking", report.breaking), ("Non-breaking", report.non_breaking)):
        lines += ["", f"{title} changes ({len(changes)}):"]
        lines += [
            f"  {c.operation}  {c.path}  {c.message}  [{c.level} {c.kind}]" for c in changes
        ] or ["  none"]
    return "\n".join(lines[1:])


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        COMMAND, "Report breaking and non-breaking changes between two OpenAPI documents."
    )
    parser.add_argument("specs", nargs="*", metavar="SPEC", help="BASE NEW, or NEW with a base")
    base = parser.add_mutually_exclusive_group()
    base.add_argument("--last-release", action="store_true", help="base: the newest release")
    base.add_argument(
        "--base", metavar="BASE", help="a file if one exists at BASE, else a git ref; empty: "
        "the last release"
    )  # fmt: skip
    parser.add_argument("--file", type=Path, default=Path("openapi.yaml"), help="path in git")
    parser.add_argument("--allow-major", action="store_true", help="pass on a new major")
    parser.add_argument(
        "--new-version", metavar="X.Y.Z", help="with --allow-major: judge NEW as this version"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--rules", action="store_true", help="print the rule table and exit")
    args = parser.parse_args(argv)

    if args.rules:  # as Markdown: docs/breaking-changes.md shows it
        print("| rule | scope | request side | response side |\n|---|---|---|---|")
        for r in RULES:
            print(f"| `{r.id}` | {r.scope} | {r.request} | {r.response} |")
        return 0
    named_base = args.last_release or args.base is not None
    if not named_base and len(args.specs) != 2:
        parser.error("give BASE and NEW, or --last-release or --base=BASE")
    if named_base and len(args.specs) > 1:
        parser.error("with --last-release or --base give at most NEW")
    if args.new_version is not None and not args.allow_major:
        parser.error("--new-version goes with --allow-major")

    def check() -> int:
        if args.new_version is not None:
            _major(args.new_version, "--new-version")
        if named_base:
            base_doc, base_version = _base(args.base, args.file)
        else:
            base_doc, base_version = load_spec(args.specs.pop(0)), None
        new_doc = load_spec(args.specs[0] if args.specs else args.file)
        report = compare(base_doc, new_doc)
        _print(format_report(report, args.format))
        if not (report.has_breaking and args.allow_major):
            return int(report.has_breaking)
        old, new = (
            str(doc["info"].get("version", "")) if isinstance(doc.get("info"), dict) else ""
            for doc in (base_doc, new_doc)
        )
        count, old, new = len(report.breaking), base_version or old, args.new_version or new
        old_major, new_major = _major(old, "the base"), _major(new, "the new version")
        if new_major > old_major:
            cli.progress(COMMAND, f"{count} breaking change(s) since {old}, allowed in {new}")
            return 0
        cli.error(
            COMMAND,
            f"{count} breaking change(s) since {old} need a major version: {new} is still major "
            f"{new_major} (release them as {old_major + 1}.0.0, or undo them)",
        )
        return 1

    return cli.run(COMMAND, check, error_status=2)


def _print(text: str) -> None:
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _major(version: str, what: str) -> int:
    match = RELEASE.match(version)
    if match is None:
        raise PipelineError(f"{what}: version {version[:40]!r} is not X.Y.Z")
    return int(match[1])


def _base(base: str | None, file: Path) -> tuple[dict[str, Any], str | None]:
    """The base document, and its release version when it is a release."""
    if base and Path(base).is_file():
        cli.progress(COMMAND, f"{file} against the file {base}")
        return load_spec(base), None
    if base:
        cli.progress(COMMAND, f"{file} against git ref {base}")
        return spec_at(base, file), None
    version = newest_release(RELEASES)
    if version is None:
        raise PipelineError(
            f"no release yet (no {RELEASES}/X.Y.Z/openapi.yaml): give a base, "
            "e.g. make breaking BASE=main"
        )
    path = RELEASES / version / "openapi.yaml"
    cli.progress(COMMAND, f"{file} against release {version} ({path.as_posix()})")
    return load_spec(path), version


def spec_at(ref: str, file: Path) -> dict[str, Any]:
    """The OpenAPI document `file` (relative to the current folder) as at git `ref`."""
    steps = [
        (["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
         f"git ref {ref!r} does not exist (or this is not a git repository)"),
        (["show", f"{ref}:./{file.as_posix()}"], f"{file} does not exist at git ref {ref!r}"),
    ]  # fmt: skip
    for args, problem in steps:
        try:
            done = subprocess.run(["git", *args], capture_output=True, timeout=GIT_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PipelineError(f"git could not read {ref!r}: {exc}") from None
        if done.returncode != 0:
            raise PipelineError(problem)
    try:
        text = done.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PipelineError(
            f"{ref}:{file}: cannot read: not UTF-8 (byte {exc.start} is not valid)"
        ) from None
    return parse_spec(text, f"{ref}:{file}")


if __name__ == "__main__":
    sys.exit(main())
