"""Command: build the Python client: source spec -> client overlay -> openapi-python-client.

    python -m spec_pipeline.generate [--spec openapi.yaml] [--overlay overlays/client.yaml]...
        [--config generator-config.yml] [--templates generator-templates]
        [--client-spec build/client/openapi.yaml] [--out generated/onlyoffice-crm-client]
        [--extras DIR] [--check | --spec-only]

The default replaces the package at `--out` only when every step succeeded; `--check` writes
nothing and names every file in which `--out` differs from a fresh build; `--spec-only` writes
the overlaid client spec and stops.

The generator itself is openapi-python-client, pinned in uv.lock. This module adds what it lacks:
the spec is validated first (a bad spec stops here with the place named), the overlay is applied
strictly, the package version comes from the spec's `info.version`, the ruff post hooks are
guaranteed to run (the generator skips them with only a warning when ruff is not on PATH),
hand-written files from `--extras` are added without ever overwriting a generated one, and the
package lands atomically.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_pipeline import cli
from spec_pipeline.derive import derive_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.files import owned_folder, replace_directory, staging, write_atomic
from spec_pipeline.versions import is_semver
from spec_pipeline.yamlio import dump_yaml, load_document

COMMAND = "generate"
GENERATOR_TIMEOUT = 300.0  # seconds
# The build's working folders in the system's temporary folder; a later run removes those that
# a killed run left (spec_pipeline.files.owned_folder).
WORK_PREFIX = "onlyoffice-crm-generate-"


@dataclass(frozen=True)
class Inputs:
    spec: Path
    overlays: tuple[Path, ...]
    config: Path
    templates: Path | None
    client_spec: Path  # where the overlaid spec is written, for lint and for readers
    extras: Path | None = None  # hand-written files added to the generated project


def package_version(spec: dict[str, Any]) -> str:
    version = str(spec.get("info", {}).get("version", ""))
    if not is_semver(version):
        raise PipelineError(f"info.version {version!r} is not a semantic version (x.y.z)")
    return version


def client_spec_text(inputs: Inputs) -> str:
    """The source spec with the client overlays applied, both validated, as YAML."""
    return dump_yaml(derive_spec(inputs.spec, inputs.overlays))


def write_client_spec(inputs: Inputs, text: str) -> None:
    inputs.client_spec.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(inputs.client_spec, text)
    cli.progress(COMMAND, f"wrote the client spec {inputs.client_spec}")


def build(inputs: Inputs, workdir: Path) -> tuple[Path, str]:
    """Build the client package (the generator's project and the extras) in the empty folder
    `workdir`; returns the package folder and the client spec's YAML."""
    if inputs.extras is not None and not inputs.extras.is_dir():
        raise PipelineError(f"the extras folder {inputs.extras} does not exist")
    cli.progress(COMMAND, f"applying {len(inputs.overlays)} overlay(s) to {inputs.spec}")
    spec = derive_spec(inputs.spec, inputs.overlays)
    spec_text = dump_yaml(spec)
    config = load_document(inputs.config)
    if not isinstance(config, dict):
        raise PipelineError(f"{inputs.config}: the generator config must be a mapping")
    config["package_version_override"] = package_version(spec)
    cli.progress(COMMAND, "running openapi-python-client")
    spec_file, config_file = workdir / "openapi.yaml", workdir / "generator-config.yml"
    spec_file.write_text(spec_text, encoding="utf-8")
    config_file.write_text(dump_yaml(config), encoding="utf-8")
    package = workdir / "package"
    run_generator(spec_file, config_file, inputs.templates, package)
    if inputs.extras is not None:
        added = add_extras(inputs.extras, package)
        cli.progress(COMMAND, f"added {added} file(s) from {inputs.extras}")
    return package, spec_text


def run_generator(spec: Path, config: Path, templates: Path | None, output: Path) -> None:
    bin_dir = Path(sys.executable).parent
    generator = bin_dir / "openapi-python-client"
    for tool in (generator, bin_dir / "ruff"):
        if not tool.exists():
            raise PipelineError(f"{tool} is missing: run `make setup`")
    command = [
        str(generator), "generate",
        "--path", str(spec),
        "--config", str(config),
        "--meta", "uv",
        "--output-path", str(output),
        "--fail-on-warning",
    ]  # fmt: skip
    if templates is not None:
        command += ["--custom-template-path", str(templates.resolve())]
    # The post hooks call `ruff` by name: the pinned one must come first.
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = cli.run_tool(command, env=env, timeout=GENERATOR_TIMEOUT, name="openapi-python-client")
    if run.returncode != 0 or not output.is_dir():
        raise PipelineError(f"openapi-python-client failed:\n{run.stdout.strip()}")


# The first line of an extra that replaces a generated file on purpose (a static module of the
# generator's, such as errors.py, rewritten by hand); any other clash is an error.
REPLACES = "# Replaces the generated "


def replaces(path: Path) -> bool:
    with path.open("rb") as file:
        return file.readline().decode("utf-8", "replace").startswith(REPLACES)


def add_extras(extras: Path, project: Path) -> int:
    """Copy every file under `extras` into `project` at the same relative path; a file that
    would replace a generated one is an error naming it, unless its first line starts with
    `REPLACES`. Returns the number of files."""
    names = sorted(files_under(extras))
    clashes = [n for n in names if (project / n).exists() and not replaces(extras / n)]
    if clashes:
        listed = ", ".join(clashes)
        raise PipelineError(f"{extras} would overwrite generated file(s): {listed}")
    for name in names:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(extras / name, project / name)
    return len(names)


def generate(inputs: Inputs, destination: Path) -> None:
    """Regenerate the client package at `destination`; nothing changes unless all steps pass."""
    started = time.perf_counter()
    with owned_folder(Path(tempfile.gettempdir()), WORK_PREFIX) as tmp:
        built, spec_text = build(inputs, tmp)
        # The build ran outside the repository, so a killed run leaves nothing in it; the copy
        # next to `destination` lives only for the moment of the swap.
        with staging(destination, f".{destination.name}.staging-") as stage:
            staged = stage / "package"
            shutil.copytree(built, staged, symlinks=True)
            write_client_spec(inputs, spec_text)
            replace_directory(staged, destination)
    count = sum(1 for _ in files_under(destination))
    elapsed = time.perf_counter() - started
    cli.progress(COMMAND, f"wrote {destination} ({count} files) in {elapsed:.1f}s")


def check(inputs: Inputs, committed: Path) -> list[str]:
    """Every file in which the committed package differs from a fresh build."""
    with owned_folder(Path(tempfile.gettempdir()), WORK_PREFIX) as tmp:
        fresh, _ = build(inputs, tmp)
        return compare_trees(fresh, committed)


def compare_trees(fresh: Path, committed: Path) -> list[str]:
    fresh_files = set(files_under(fresh))
    committed_files = set(files_under(committed)) if committed.is_dir() else set()
    problems = [f"missing: {p}" for p in sorted(fresh_files - committed_files)]
    problems += [f"not generated: {p}" for p in sorted(committed_files - fresh_files)]
    for path in sorted(fresh_files & committed_files):
        if not filecmp.cmp(fresh / path, committed / path, shallow=False):
            problems.append(f"stale: {path}")
    return problems


def files_under(root: Path) -> Iterator[str]:
    """Relative paths of the files under `root`, caches left out."""
    for path in root.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts:
            yield path.relative_to(root).as_posix()


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        COMMAND, "Generate the Python client from the spec through the client overlay."
    )
    parser.add_argument("--spec", type=Path, default=Path("openapi.yaml"))
    parser.add_argument("--overlay", type=Path, action="append", dest="overlays")
    parser.add_argument("--config", type=Path, default=Path("generator-config.yml"))
    parser.add_argument("--templates", type=Path, default=Path("generator-templates"))
    parser.add_argument("--client-spec", type=Path, default=Path("build/client/openapi.yaml"))
    parser.add_argument("--out", type=Path, default=Path("generated/onlyoffice-crm-client"))
    parser.add_argument(
        "--extras",
        type=Path,
        metavar="DIR",
        help="hand-written files copied into the generated project at the same relative paths",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="write nothing; fail if --out is not up to date"
    )
    mode.add_argument(
        "--spec-only", action="store_true", help="write the client spec, do not generate"
    )
    args = parser.parse_args(argv)
    inputs = Inputs(
        spec=args.spec,
        overlays=tuple(args.overlays or [Path("overlays/client.yaml")]),
        config=args.config,
        templates=args.templates if args.templates.is_dir() else None,
        client_spec=args.client_spec,
        extras=args.extras,
    )

    def run() -> int:
        if args.check:
            problems = check(inputs, args.out)
            if problems:
                listed = "".join(f"\n  {problem}" for problem in problems)
                raise PipelineError(
                    f"{args.out} is not what the spec generates:{listed}\n"
                    "Run `make generate` and commit the result."
                )
            cli.progress(COMMAND, f"{args.out} is up to date")
        elif args.spec_only:
            cli.progress(COMMAND, f"applying {len(inputs.overlays)} overlay(s) to {inputs.spec}")
            write_client_spec(inputs, client_spec_text(inputs))
        else:
            generate(inputs, args.out)
        return 0

    return cli.run(COMMAND, run)


if __name__ == "__main__":
    sys.exit(main())
