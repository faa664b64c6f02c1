"""Build the Python client: source spec -> client overlay -> openapi-python-client.

`generate` replaces the committed package only when every step succeeded; `check` generates
into a temporary folder and names every file in which the committed package differs.

The generator itself is openapi-python-client, pinned in uv.lock. This module adds what it
lacks: the spec is validated first (a bad spec stops here with the place named), the overlay
is applied strictly, the package version comes from the spec's `info.version`, the ruff post
hooks are guaranteed to run (the generator skips them with only a warning when ruff is not on
PATH), and the output lands atomically.
"""

from __future__ import annotations

import argparse
import errno
import filecmp
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_pipeline.derive import DeriveError, derive_spec, overlay_spec, validate_both
from spec_pipeline.yamlio import dump_yaml, load_document, write_atomic

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")


class GenerationError(Exception):
    """A step of the build failed; the message names the step and the place."""


@dataclass(frozen=True)
class Inputs:
    spec: Path
    overlays: tuple[Path, ...]
    config: Path
    templates: Path | None
    client_spec: Path  # where the overlaid spec is written, for lint and for readers


def progress(message: str) -> None:
    print(f"generate: {message}", file=sys.stderr, flush=True)


def build_client_spec(inputs: Inputs) -> dict[str, Any]:
    """The source spec with the client overlays applied, both validated."""
    try:
        return derive_spec(inputs.spec, inputs.overlays)
    except DeriveError as exc:
        raise GenerationError(str(exc)) from None


def package_version(spec: dict[str, Any]) -> str:
    version = str(spec.get("info", {}).get("version", ""))
    if not SEMVER.match(version):
        raise GenerationError(f"info.version {version!r} is not a semantic version (x.y.z)")
    return version


class Generator:
    """openapi-python-client in a child process, started before its inputs exist.

    The generator spends most of its time importing its own dependencies before it reads the
    spec and the config. Both are named pipes here: it starts at once, and the overlays are
    applied (and the spec validated) on the other core while it imports; it reads the inputs
    when `feed` writes them.
    """

    def __init__(self, inputs: Inputs, output: Path, workdir: Path) -> None:
        bin_dir = Path(sys.executable).parent
        generator = bin_dir / "openapi-python-client"
        for tool in (generator, bin_dir / "ruff"):
            if not tool.exists():
                raise GenerationError(f"{tool} is missing: run `make setup`")
        self.spec_pipe = workdir / "openapi.yaml"
        self.config_pipe = workdir / "generator-config.yml"
        os.mkfifo(self.spec_pipe)
        os.mkfifo(self.config_pipe)
        self.output = output
        command = [
            str(generator), "generate",
            "--path", str(self.spec_pipe),
            "--config", str(self.config_pipe),
            "--meta", "uv",
            "--output-path", str(output),
            "--fail-on-warning",
        ]  # fmt: skip
        if inputs.templates is not None:
            command += ["--custom-template-path", str(inputs.templates.resolve())]
        # The post hooks call `ruff` by name: the pinned one must come first.
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )

    def feed(self, spec_text: str, config_text: str) -> None:
        """Write both inputs, in whatever order the generator opens them."""
        writers = [
            threading.Thread(target=self._write, args=(pipe, text), daemon=True)
            for pipe, text in ((self.spec_pipe, spec_text), (self.config_pipe, config_text))
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()

    def _write(self, pipe: Path, text: str) -> None:
        # Opening a pipe for writing blocks until the reader opens it; poll instead, so that a
        # generator that died first does not leave this thread waiting forever.
        while True:
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as exc:
                if exc.errno != errno.ENXIO or self.process.poll() is not None:
                    return
                time.sleep(0.005)
        os.set_blocking(fd, True)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except BrokenPipeError:
            pass  # the generator exited; finish() reports why

    def stop(self) -> None:
        self.process.kill()
        self.process.communicate()

    def finish(self) -> None:
        details, _ = self.process.communicate()
        if self.process.returncode != 0 or not self.output.is_dir():
            raise GenerationError(f"openapi-python-client failed:\n{details.strip()}")


def generate_into(inputs: Inputs, output: Path, workdir: Path) -> str:
    """Run the generator into `output` on the overlaid spec. The overlays are applied and both
    specs validated while the generator imports its dependencies; a bad spec stops the build
    with the place named before the generator reads anything. Returns the client spec's YAML."""
    generator = Generator(inputs, output, workdir)
    try:
        source, spec = overlay_spec(inputs.spec, inputs.overlays)
        validate_both(inputs.spec, inputs.overlays, source, spec)
        config = load_document(inputs.config)
        config["package_version_override"] = package_version(spec)
        text = dump_yaml(spec)
        generator.feed(text, dump_yaml(config))
    except BaseException as exc:
        generator.stop()
        if isinstance(exc, DeriveError):
            raise GenerationError(str(exc)) from None
        raise
    generator.finish()
    return text


def write_client_spec(inputs: Inputs, text: str | None = None) -> None:
    if text is None:
        progress(f"applying {len(inputs.overlays)} overlay(s) to {inputs.spec}")
        text = dump_yaml(build_client_spec(inputs))
    inputs.client_spec.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(inputs.client_spec, text)
    progress(f"wrote the client spec {inputs.client_spec}")


def generate(inputs: Inputs, destination: Path) -> None:
    """Regenerate the client package at `destination`; nothing changes unless all steps pass."""
    started = time.perf_counter()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".generate-", dir=destination.parent) as tmp:
        staged = Path(tmp) / "package"
        progress(f"applying {len(inputs.overlays)} overlay(s); running openapi-python-client")
        text = generate_into(inputs, staged, Path(tmp))
        write_client_spec(inputs, text)
        # Swap in: the old package moves aside first, so a failure leaves one of the two whole.
        retired = Path(tmp) / "retired"
        if destination.exists():
            destination.rename(retired)
        staged.rename(destination)
    files = sum(1 for _ in _files(destination))
    elapsed = time.perf_counter() - started
    progress(f"wrote {destination} ({files} files) in {elapsed:.1f}s")


def check(inputs: Inputs, committed: Path) -> list[str]:
    """Every file in which the committed package differs from a fresh generation."""
    with tempfile.TemporaryDirectory(prefix="check-generated-") as tmp:
        fresh = Path(tmp) / "package"
        generate_into(inputs, fresh, Path(tmp))
        return compare_trees(fresh, committed)


def compare_trees(fresh: Path, committed: Path) -> list[str]:
    fresh_files = set(_files(fresh))
    committed_files = set(_files(committed)) if committed.is_dir() else set()
    problems = [f"missing: {p}" for p in sorted(fresh_files - committed_files)]
    problems += [f"not generated: {p}" for p in sorted(committed_files - fresh_files)]
    for path in sorted(fresh_files & committed_files):
        if not filecmp.cmp(fresh / path, committed / path, shallow=False):
            problems.append(f"stale: {path}")
    return problems


def _files(root: Path) -> Iterator[str]:
    for path in root.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts:
            yield path.relative_to(root).as_posix()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec_pipeline.generate",
        description="Generate the Python client from the spec through the client overlay.",
    )
    parser.add_argument("--spec", type=Path, default=Path("openapi.yaml"))
    parser.add_argument("--overlay", type=Path, action="append", dest="overlays")
    parser.add_argument("--config", type=Path, default=Path("generator-config.yml"))
    parser.add_argument("--templates", type=Path, default=Path("generator-templates"))
    parser.add_argument("--client-spec", type=Path, default=Path("build/client/openapi.yaml"))
    parser.add_argument("--out", type=Path, default=Path("generated/onlyoffice-crm-client"))
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail if --out is not up to date"
    )
    parser.add_argument(
        "--spec-only", action="store_true", help="write the client spec, do not generate"
    )
    args = parser.parse_args(argv)
    inputs = Inputs(
        spec=args.spec,
        overlays=tuple(args.overlays or [Path("overlays/client.yaml")]),
        config=args.config,
        templates=args.templates if args.templates.is_dir() else None,
        client_spec=args.client_spec,
    )
    try:
        if args.check:
            problems = check(inputs, args.out)
            if problems:
                print(f"{args.out} is not what the spec generates:", file=sys.stderr)
                for problem in problems:
                    print(f"  {problem}", file=sys.stderr)
                print("Run `make generate` and commit the result.", file=sys.stderr)
                return 1
            progress(f"{args.out} is up to date")
        elif args.spec_only:
            write_client_spec(inputs)
        else:
            generate(inputs, args.out)
    except GenerationError as exc:
        print(f"generate: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
