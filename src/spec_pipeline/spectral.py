"""Command and library: Spectral with the house ruleset, where any result (hints included) fails.

    python -m spec_pipeline.spectral [--ruleset lint/spectral.yaml] [--node-bin DIR] FILE...

The one place the Spectral command line is built: `make lint`, the publish build and the tests
all lint through `lint`, which returns Spectral's results instead of its exit status.
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
from spec_pipeline.document import load_spec
from spec_pipeline.errors import PipelineError

COMMAND = "spectral"
RULESET = Path("lint/spectral.yaml")
NODE_BIN = Path("node_modules/.bin")
TIMEOUT = 180.0  # seconds


def command(files: Sequence[Path], ruleset: Path = RULESET, node_bin: Path = NODE_BIN) -> list[str]:
    """The Spectral command line that lints `files`, results as JSON on stdout."""
    return [
        str(node_bin / "spectral"), "lint",
        "--ruleset", str(ruleset),
        "--fail-severity=hint",
        "--format", "json",
        "--quiet",
        *map(str, files),
    ]  # fmt: skip


def lint(
    files: Sequence[Path], ruleset: Path = RULESET, node_bin: Path = NODE_BIN
) -> list[dict[str, Any]]:
    """Spectral's results for `files` (empty when they pass); an error if Spectral cannot run."""
    if not (node_bin / "spectral").exists():
        raise PipelineError(f"{node_bin / 'spectral'} is missing: run `make setup`")
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        raise PipelineError(f"nothing to lint: {', '.join(missing)} not found")
    for path in files:  # within limits, every $ref inside the document: Spectral would follow one
        load_spec(path)
    env = {**os.environ, "NO_COLOR": "1"}
    try:
        run = subprocess.run(
            command(files, ruleset, node_bin),
            capture_output=True,
            text=True,
            env=env,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PipelineError(f"spectral lint did not finish within {TIMEOUT:.0f}s") from None
    except OSError as exc:
        raise PipelineError(f"spectral lint could not start: {exc}") from None
    try:
        results = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        results = None
    # Spectral exits 1 when there are results; anything else means it did not lint.
    if run.returncode not in (0, 1) or not isinstance(results, list):
        raise PipelineError(f"spectral lint failed:\n{(run.stdout + run.stderr).strip()}")
    return results


def describe(result: dict[str, Any]) -> str:
    """One line per result: `file:line code: message (at path)`."""
    line = result.get("range", {}).get("start", {}).get("line", -1) + 1
    path = ".".join(str(part) for part in result.get("path", []))
    return (
        f"{result.get('source')}:{line} {result.get('code')}: {result.get('message')} (at {path})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(COMMAND, "Lint OpenAPI files with the house Spectral ruleset.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--ruleset", type=Path, default=RULESET)
    parser.add_argument("--node-bin", type=Path, default=NODE_BIN)
    args = parser.parse_args(argv)

    def run() -> int:
        results = lint(args.files, args.ruleset, args.node_bin)
        for result in results:
            print(describe(result))
        if results:
            raise PipelineError(f"{len(results)} Spectral result(s); the house lint allows none")
        cli.progress(COMMAND, f"{', '.join(map(str, args.files))}: no results")
        return 0

    return cli.run(COMMAND, run)


if __name__ == "__main__":
    sys.exit(main())
