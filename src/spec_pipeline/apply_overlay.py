"""Command ``apply-overlay`` (``python -m spec_pipeline.apply_overlay``): apply OpenAPI Overlay
1.0 documents to a spec, strictly.

    apply-overlay SPEC OVERLAY [OVERLAY ...] -o OUT   write the result (OUT: .yaml, .yml,
                                                      .json, or - for stdout)
    apply-overlay SPEC OVERLAY [OVERLAY ...] --check  validate and apply, write nothing

Exit status: 0 success, 1 any problem (one line per problem on stderr, nothing
written), 2 usage error. The output file is replaced atomically and only after
every action of every overlay succeeded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from spec_pipeline import cli
from spec_pipeline.errors import PipelineError
from spec_pipeline.files import write_atomic
from spec_pipeline.overlay import OverlayError, OverlayReport, apply_overlays_with_report
from spec_pipeline.yamlio import dump_json, dump_yaml, format_for_path, load_document

PROG = "apply-overlay"


def _parser() -> argparse.ArgumentParser:
    parser = cli.parser(
        "apply_overlay",
        "Apply OpenAPI Overlay 1.0 documents, in order, to an OpenAPI description. "
        "Strict: an action whose target selects nothing, an overlay that fails the "
        "Overlay 1.0 schema, a target that is not RFC 9535 JSONPath, or an update that "
        "does not fit its target is an error, and nothing is written.",
        prog=PROG,
    )
    parser.add_argument("spec", metavar="SPEC", help="the OpenAPI description (YAML or JSON)")
    parser.add_argument(
        "overlays", metavar="OVERLAY", nargs="+", help="overlay documents, applied in order"
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the result: a .yaml, .yml or .json file, or - for stdout",
    )
    mode.add_argument(
        "--check", action="store_true", help="validate and apply the overlays, write nothing"
    )
    parser.add_argument(
        "--format",
        choices=("yaml", "json"),
        help="output format (default: from the OUT extension; YAML for stdout)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on success")
    return parser


def _fail(lines: Sequence[str]) -> int:
    """One error line per problem, so that every problem of every overlay is listed."""
    for line in lines:
        cli.error(PROG, " ".join(line.split()))
    return 1


def _summary(reports: Sequence[OverlayReport]) -> list[str]:
    lines = []
    for report in reports:
        count = len(report.actions)
        lines.append(
            f"{report.source} ({report.title}): {count} action{'s' if count != 1 else ''} applied"
        )
        for action in report.actions:
            nodes = f"{action.matched} node{'s' if action.matched != 1 else ''}"
            lines.append(f"  actions[{action.index}] {action.operation} {action.target}: {nodes}")
            lines.extend(f"    note: {note}" for note in action.notes)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.output not in (None, "-") and args.format is None:
        try:
            args.format = format_for_path(args.output)
        except PipelineError as exc:
            parser.error(str(exc))  # exits with status 2
    return cli.run(PROG, lambda: _apply(args))


def _apply(args: argparse.Namespace) -> int:
    errors: list[str] = []
    loaded: list[Any] = []
    for index, path in enumerate([args.spec, *args.overlays]):
        try:
            loaded.append(load_document(path))
        except PipelineError as exc:
            errors.append(str(exc))
        else:
            if index == 0 and not isinstance(loaded[0], dict):
                errors.append(f"{path}: the OpenAPI description must be an object")
    if errors:
        return _fail(errors)
    try:
        result, reports = apply_overlays_with_report(loaded[0], loaded[1:], sources=args.overlays)
    except OverlayError as exc:
        return _fail([str(problem) for problem in exc.problems])

    summary = _summary(reports)
    out = args.output
    if out is None:
        summary.append("check passed; nothing written")
    else:
        text = dump_json(result) if args.format == "json" else dump_yaml(result)
        if out == "-":
            print(text, end="", flush=True)
        else:
            try:
                write_atomic(out, text)
            except OSError as exc:
                raise PipelineError(f"{out}: cannot write: {exc}") from None
        summary.append("wrote stdout" if out == "-" else f"wrote {out}")
    if not args.quiet:
        for line in summary:
            cli.progress(PROG, line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
