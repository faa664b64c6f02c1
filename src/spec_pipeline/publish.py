"""Command: publish the contract: source spec -> public overlay -> dist/openapi.{yaml,json} and
the reference page index.html.

    python -m spec_pipeline.publish [--out dist] [--spec openapi.yaml]
        [--overlay overlays/public.yaml] [--node-bin node_modules/.bin]
        [--ruleset lint/spectral.yaml] [--no-lint]

Steps, each of which stops the build with the place named:

1. the source spec is read and validated (openapi-spec-validator);
2. ``overlays/public.yaml`` is applied strictly (every target must match) and the result is
   validated again;
3. the published spec is written as YAML and as JSON;
4. Spectral lints both with the house ruleset (``lint/spectral.yaml``), failing on any
   result, hints included;
5. Redocly ``build-docs --inlineBundle`` renders the reference page ``index.html``, with
   telemetry off;
6. Redoc's "API docs by Redocly" logo, which the bundle still links from Redocly's CDN, is
   replaced by an inline image (``reference_page.VENDOR_ASSETS``);
7. the page is checked to be self-contained: no script, style, font, image or frame that it
   loads comes from an ``http(s)://`` or ``//`` address (``reference_page.external_sources``).

Everything is built in a temporary folder next to ``--out`` and moved into place only when
every step passed: on failure ``--out`` is left exactly as it was. Progress goes to stderr.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spec_pipeline import cli, spectral
from spec_pipeline.derive import derive_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.files import replace_directory, staging
from spec_pipeline.reference_page import check_self_contained, inline_vendor_assets
from spec_pipeline.yamlio import dump_json, dump_yaml

__all__ = ["OUTPUT_FILES", "Inputs", "main", "publish"]

COMMAND = "publish"
OUTPUT_FILES = ("openapi.yaml", "openapi.json", "index.html")
TOOL_TIMEOUT = 180.0  # seconds, for Redocly


@dataclass(frozen=True)
class Inputs:
    spec: Path = Path("openapi.yaml")
    overlay: Path = Path("overlays/public.yaml")
    node_bin: Path = spectral.NODE_BIN
    ruleset: Path | None = spectral.RULESET  # None: do not lint


# --- tools ----------------------------------------------------------------------------------


def lint(files: Sequence[Path], inputs: Inputs) -> None:
    """Spectral with the house ruleset; any result (hints included) fails."""
    assert inputs.ruleset is not None
    results = spectral.lint(files, inputs.ruleset, inputs.node_bin)
    if results:
        details = "\n".join(spectral.describe(result) for result in results)
        root = inputs.ruleset.resolve().parent.parent
        if not all(path.resolve().is_relative_to(root) for path in files):
            details += (
                f"\n(note: the ruleset's overrides select files by paths under {root}; "
                "publish to a folder inside it, or pass --no-lint)"
            )
        raise PipelineError(f"the published spec fails the house lint:\n{details}")


def build_docs(spec_file: Path, page: Path, node_bin: Path) -> None:
    """Render the reference page with Redocly, its scripts inlined."""
    redocly = node_bin / "redocly"
    if not redocly.exists():
        raise PipelineError(f"{redocly} is missing: run `make setup`")
    command = [str(redocly), "build-docs", str(spec_file), "--inlineBundle", "--output", str(page)]
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    run = cli.run_tool(command, env=env, timeout=TOOL_TIMEOUT, name="redocly build-docs")
    if run.returncode != 0 or not page.is_file():
        raise PipelineError(f"redocly build-docs failed:\n{run.stdout.strip()}")


# --- the build ------------------------------------------------------------------------------


def progress(message: str) -> None:
    cli.progress(COMMAND, message)


def _stage(inputs: Inputs, staged: Path) -> None:
    progress(f"applying {inputs.overlay} to {inputs.spec}")
    spec = derive_spec(inputs.spec, [inputs.overlay])
    staged.mkdir()
    (staged / "openapi.yaml").write_text(dump_yaml(spec), encoding="utf-8")
    (staged / "openapi.json").write_text(dump_json(spec), encoding="utf-8")
    progress(f"validated the published spec (info.version {spec['info']['version']})")
    if inputs.ruleset is not None:
        progress(f"linting openapi.yaml and openapi.json with {inputs.ruleset}")
        lint([staged / "openapi.yaml", staged / "openapi.json"], inputs)
    progress("rendering index.html with redocly build-docs --inlineBundle")
    build_docs(staged / "openapi.yaml", staged / "index.html", inputs.node_bin)
    for url in inline_vendor_assets(staged / "index.html"):
        progress(f"inlined {url}")
    check_self_contained(staged / "index.html")
    progress("index.html is self-contained")


def publish(inputs: Inputs, out: Path) -> None:
    """Build every output; replace ``out`` only when all steps passed."""
    started = time.perf_counter()
    # Not a dot-folder: the ruleset's overrides select files with `**`, which skips those.
    with staging(out, f"{out.name}.staging-") as stage:
        staged = stage / "staged"
        _stage(inputs, staged)
        replace_directory(staged, out)
    sizes = ", ".join(f"{name} {(out / name).stat().st_size // 1024} KiB" for name in OUTPUT_FILES)
    progress(f"wrote {out}/ ({sizes}) in {time.perf_counter() - started:.1f}s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        COMMAND, "Publish the spec (YAML, JSON) and its self-contained reference page."
    )
    parser.add_argument("--out", type=Path, default=Path("dist"), help="default: dist")
    parser.add_argument("--spec", type=Path, default=Inputs.spec)
    parser.add_argument("--overlay", type=Path, default=Inputs.overlay)
    parser.add_argument("--node-bin", type=Path, default=Inputs.node_bin)
    parser.add_argument("--ruleset", type=Path, default=Inputs.ruleset)
    parser.add_argument("--no-lint", action="store_true", help="skip the Spectral step")
    args = parser.parse_args(argv)
    inputs = Inputs(
        spec=args.spec,
        overlay=args.overlay,
        node_bin=args.node_bin,
        ruleset=None if args.no_lint else args.ruleset,
    )

    def run() -> int:
        try:
            publish(inputs, args.out)
        except PipelineError as exc:
            cli.error(COMMAND, str(exc))
            progress(f"nothing written to {args.out}")
            return 1
        return 0

    return cli.run(COMMAND, run)


if __name__ == "__main__":
    sys.exit(main())
