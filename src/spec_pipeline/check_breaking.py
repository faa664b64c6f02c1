"""Command: the breaking-change check between two OpenAPI documents.

    python -m spec_pipeline.check_breaking BASE NEW
    python -m spec_pipeline.check_breaking --base-ref GITREF [--file openapi.yaml] [NEW]
    python -m spec_pipeline.check_breaking --last-release [--file openapi.yaml] [NEW]
    python -m spec_pipeline.check_breaking --base=BASE [--file openapi.yaml] [NEW]

`--last-release` compares against the newest released spec, `releases/X.Y.Z/openapi.yaml`
(or a newer `vX.Y.Z` tag's); with no release at all it is an error, never a silent pass.
`--base=BASE` is what `make breaking BASE=...` passes: an existing file, else a git ref, and
empty means `--last-release`.
Exit status: 0 no breaking change, 1 breaking changes found, 2 usage or load error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spec_pipeline import cli
from spec_pipeline.breaking import Change, Report, compare
from spec_pipeline.document import load_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.gitrepo import spec_at
from spec_pipeline.release_archive import last_released

COMMAND = "check_breaking"


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
    parser = cli.parser(
        COMMAND, "Report breaking and non-breaking changes between two OpenAPI documents."
    )
    parser.add_argument("specs", nargs="*", metavar="SPEC", help="BASE NEW, or NEW with a git base")
    base = parser.add_mutually_exclusive_group()
    base.add_argument("--base-ref", metavar="GITREF", help="read the base document from git")
    base.add_argument(
        "--last-release",
        action="store_true",
        help="the base is the newest released spec (releases/X.Y.Z/openapi.yaml, or a newer tag)",
    )
    base.add_argument(
        "--base",
        metavar="BASE",
        help="a file if one exists at BASE, else a git ref; empty: the last release",
    )
    parser.add_argument(
        "--file",
        type=Path,
        default=Path("openapi.yaml"),
        help="document path in git, also the default NEW (default: openapi.yaml)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)

    named_base = args.base_ref is not None or args.last_release or args.base is not None
    if not named_base and len(args.specs) != 2:
        parser.error("give BASE and NEW, or --base-ref GITREF, --last-release or --base=BASE")
    if named_base and len(args.specs) > 1:
        parser.error("with --base-ref, --last-release or --base give at most NEW")

    def check() -> int:
        if named_base:
            base_doc = _base(args.base_ref, args.base, args.file)
            new_doc = load_spec(args.specs[0] if args.specs else args.file)
        else:
            base_doc, new_doc = load_spec(args.specs[0]), load_spec(args.specs[1])
        report = compare(base_doc, new_doc)
        print(format_json(report) if args.format == "json" else format_text(report))
        return 1 if report.has_breaking else 0

    return cli.run(COMMAND, check, error_status=2)


def _base(ref: str | None, base: str | None, file: Path) -> dict[str, Any]:
    if base and Path(base).is_file():
        cli.progress(COMMAND, f"{file} against the file {base}")
        return load_spec(base)
    if ref or base:
        ref = ref or base
        cli.progress(COMMAND, f"{file} against git ref {ref}")
        return spec_at(str(ref), file)
    released = last_released(Path.cwd(), file.as_posix())
    if released is None:
        raise PipelineError(
            "no release yet (no releases/X.Y.Z/openapi.yaml, no vX.Y.Z tag): give a base, "
            "e.g. make breaking BASE=main"
        )
    cli.progress(COMMAND, f"{file} against release {released.version} ({released.source})")
    return released.spec


if __name__ == "__main__":
    sys.exit(main())
