"""1. Generation: `make generate` against the bare generator on the same client spec.

`make generate` runs `python -m spec_pipeline.generate`: it validates the source spec, applies
the client overlay, validates the result, writes build/client/openapi.yaml and runs
openapi-python-client (with the ruff post hooks) into a staging folder that is swapped in. The
bare run is openapi-python-client alone on build/client/openapi.yaml, with .venv/bin first on
PATH so the same post hooks run.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from bench.measure import (
    ROOT,
    VENV_BIN,
    Config,
    Figure,
    Progress,
    interleave,
    median,
    pair_ratios,
    timed,
)

NAME = "1. Generation"
TARGET_RATIO = 2.0
TIMEOUT = 180.0


def plan(cfg: Config) -> str:
    return (
        f"{NAME}: `make generate` vs bare openapi-python-client, "
        f"{cfg.generation_reps} interleaved pairs; target ratio <= {TARGET_RATIO}"
    )


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _run(command: list[str]) -> None:
    run = subprocess.run(
        command, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{(run.stdout + run.stderr)[-2000:]}")


def make_generate() -> None:
    _run(["make", "generate"])


def bare_generator(output: Path) -> None:
    _run(
        [
            str(VENV_BIN / "openapi-python-client"), "generate",
            "--path", "build/client/openapi.yaml",
            "--config", "generator-config.yml",
            "--meta", "uv",
            "--output-path", str(output),
            "--overwrite",
        ]
    )  # fmt: skip


def git_status(paths: list[str]) -> str:
    run = subprocess.run(
        ["git", "status", "--porcelain", "--", *paths],
        cwd=ROOT, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    return run.stdout.strip()


def run(cfg: Config, log: Progress) -> list[Figure]:
    tracked = ["generated/onlyoffice-crm-client"]
    before = git_status(tracked)
    # once unmeasured: it writes build/client/openapi.yaml, which the bare run reads
    make_generate()
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as tmp:
        out = Path(tmp) / "client"
        bare_generator(out)  # warm the file cache for both

        def measured_make() -> float:
            seconds = timed(make_generate)
            log(f"generation: make generate {seconds:.2f} s")
            return seconds

        def measured_bare() -> float:
            seconds = timed(lambda: bare_generator(out))
            log(f"generation: bare generator {seconds:.2f} s")
            return seconds

        series = interleave({"make": measured_make, "bare": measured_bare}, cfg.generation_reps)
    after = git_status(tracked)
    idempotent = after == before
    ratios = pair_ratios(series["make"], series["bare"])
    value = median(ratios)
    n = cfg.generation_reps
    note = "" if idempotent else f"git status changed after make generate: {after!r}"
    return [
        Figure(NAME, "`make generate` wall time", median(series["make"]), "s", runs=n),
        Figure(NAME, "bare openapi-python-client wall time", median(series["bare"]), "s", runs=n),
        Figure(
            NAME,
            "ratio make generate / bare generator (median of pair ratios)",
            value,
            "x",
            target=f"<= {TARGET_RATIO}",
            met=value <= TARGET_RATIO,
            runs=n,
        ),
        Figure(
            NAME,
            "`git status` clean after `make generate` (idempotent)",
            None,
            "",
            target="clean",
            met=idempotent,
            note=note,
            display="clean" if idempotent else "changed",
        ),
    ]
