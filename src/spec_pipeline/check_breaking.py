"""Command: the breaking-change check between two OpenAPI documents.

    python -m spec_pipeline.check_breaking BASE NEW
    python -m spec_pipeline.check_breaking --base-ref GITREF [--file openapi.yaml] [NEW]
    python -m spec_pipeline.check_breaking --last-release [--file openapi.yaml] [NEW]

`--last-release` takes the base from the highest `vX.Y.Z` tag, or HEAD before the first release.
Exit status: 0 no breaking change, 1 breaking changes found, 2 usage or load error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from spec_pipeline import cli
from spec_pipeline.breaking import Change, Report, compare
from spec_pipeline.document import load_spec
from spec_pipeline.gitrepo import last_release, spec_at

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
        help="the base is the document at the last vX.Y.Z tag (HEAD when there is none)",
    )
    parser.add_argument(
        "--file",
        type=Path,
        default=Path("openapi.yaml"),
        help="document path in git, also the default NEW (default: openapi.yaml)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)

    from_git = args.base_ref is not None or args.last_release
    if not from_git and len(args.specs) != 2:
        parser.error("give BASE and NEW, or --base-ref GITREF, or --last-release")
    if from_git and len(args.specs) > 1:
        parser.error("with a git base give at most NEW")

    def check() -> int:
        if from_git:
            ref = args.base_ref or last_release(Path.cwd()) or "HEAD"
            cli.progress(COMMAND, f"{args.file} against git ref {ref}")
            base_doc = spec_at(ref, args.file)
            new_doc = load_spec(args.specs[0] if args.specs else args.file)
        else:
            base_doc, new_doc = load_spec(args.specs[0]), load_spec(args.specs[1])
        report = compare(base_doc, new_doc)
        print(format_json(report) if args.format == "json" else format_text(report))
        return 1 if report.has_breaking else 0

    return cli.run(COMMAND, check, error_status=2)


if __name__ == "__main__":
    sys.exit(main())
