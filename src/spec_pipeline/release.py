"""Command: the glue of `make release VERSION=x.y.z` between maintained tools.

    python -m spec_pipeline.release check --version=X.Y.Z [--more-args=--dry-run]
    python -m spec_pipeline.release run --version=X.Y.Z [--more-args=--dry-run]
        [--client DIR] [--package DIR ...]

`make release` runs `check`, then `make lint test contract` (as make prerequisites), then `run`.
A rehearsal (`--dry-run`) runs `check` and prints what `run` would do; the checks are skipped
only there, never in a real release.

`check` changes nothing: VERSION is MAJOR.MINOR.PATCH and newer than the one version
(`current_version` of `.bumpversion.toml`) and than the newest `releases/X.Y.Z/`; the tag and
folder are free; the working tree is clean; bump-my-version finds the current version in every
file it moves (its own `--dry-run`); and the breaking-change gate (`make lint`'s: breaking
changes pass only when VERSION's major is past the last release's) passes.

`run`: bump-my-version moves the version in every file and turns CHANGELOG.md's Unreleased notes
into the version's section; the client is regenerated; the source and published spec are kept
in `releases/VERSION/`; `uv build` builds the client (wheel and sdist) and the wheels of
`packages/`; `twine check --strict` reads them as an index would; `twine upload` sends them to
the index twine is configured with (TWINE_REPOSITORY_URL or TWINE_REPOSITORY, credentials in
TWINE_USERNAME/TWINE_PASSWORD), or, with none configured, nothing is uploaded and the output
says so; `Release VERSION` is committed and tagged `vVERSION`. The built files stay in
`build/release/VERSION/`. If a step fails, the files, the commit and the tag are as they were.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spec_pipeline import cli
from spec_pipeline.errors import PipelineError
from spec_pipeline.versions import RELEASE, newest_release

COMMAND = "release"
CONFIG = ".bumpversion.toml"
RELEASES = "releases"
STEP_TIMEOUT = 900.0


def progress(message: str) -> None:
    cli.progress(COMMAND, message)


def parse(version: str) -> tuple[int, int, int]:
    match = RELEASE.fullmatch(version)
    if match is None:
        raise PipelineError(f"{version!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def bump_config() -> dict[str, Any]:
    try:
        config = tomllib.loads(Path(CONFIG).read_text(encoding="utf-8"))["tool"]["bumpversion"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        raise PipelineError(f"{CONFIG}: no [tool.bumpversion] to read: {exc}") from None
    return dict(config)


def tool(what: str, command: Sequence[str]) -> str:
    """Run a tool in the current folder: its output, or a `PipelineError` that quotes it."""
    done = cli.run_tool(list(command), env=dict(os.environ), timeout=STEP_TIMEOUT, name=what)
    if done.returncode != 0:
        said = done.stdout.strip()
        if "Traceback (most recent call last):" in said:  # a tool that crashed: its last word
            said = said.splitlines()[-1]
        raise PipelineError(f"{what} failed ({shlex.join(command)}):\n{said}")
    return done.stdout


def git(*args: str, check: bool = True) -> str:
    done = cli.run_tool(["git", *args], env=dict(os.environ), timeout=60.0, name="git")
    if check and done.returncode != 0:
        raise PipelineError(f"git {' '.join(args)} failed: {done.stdout.strip()}")
    return done.stdout.strip()


def bump_command(version: str, *more: str) -> list[str]:
    return [sys.executable, "-m", "bumpversion", "bump", "--new-version", version, *more]


def check(version: str, gate: Sequence[str]) -> None:
    new = parse(version)
    current = str(bump_config().get("current_version", ""))
    if new <= parse(current):
        raise PipelineError(f"{version} is not newer than the current version {current}")
    last = newest_release(Path(RELEASES))
    if last is not None and new <= parse(last):
        raise PipelineError(f"{version} is not newer than the last release {last}")
    if git("tag", "--list", f"v{version}"):
        raise PipelineError(f"the tag v{version} exists already")
    if Path(RELEASES, version).exists():
        raise PipelineError(f"{RELEASES}/{version} exists already")
    status = git("status", "--porcelain")
    if status:
        raise PipelineError(f"the working tree is not clean; commit first:\n{status}")
    tool("bump-my-version (--dry-run)", bump_command(version, "--dry-run"))
    if not gate:
        raise PipelineError("no breaking-change gate given (RELEASE_GATE): run make release")
    done = cli.run_tool([*gate, f"--new-version={version}"], env=dict(os.environ),
                        timeout=STEP_TIMEOUT, name="the breaking-change gate")  # fmt: skip
    sys.stderr.write(done.stdout)
    if done.returncode != 0:
        raise PipelineError(f"the breaking-change gate refused {version}")
    progress(f"{version}: the checks before a release passed")


def index_configured() -> str | None:
    for name in ("TWINE_REPOSITORY_URL", "TWINE_REPOSITORY"):
        if os.environ.get(name):
            return f"{name}={os.environ[name]}"
    return None


def run(
    version: str,
    *,
    generate: Sequence[str],
    publish: Sequence[str],
    uv: str,
    client: str,
    packages: Sequence[str],
    dry_run: bool,
) -> None:
    parse(version)
    folder = f"{RELEASES}/{version}"
    index = index_configured()
    files = [str(f["filename"]) for f in bump_config().get("files", [])]
    paths = sorted({CONFIG, *files, client, folder})
    builds = [(client, "--sdist", "--wheel"), *((p, "--wheel") for p in packages)]
    steps = [
        f"bump-my-version bump --new-version {version}: {', '.join(sorted({CONFIG, *files}))}",
        f"regenerate the client: {shlex.join(generate)}",
        f"keep the source and published spec in {folder}/: {shlex.join(publish)} --out ...",
        *(f"{uv} build {' '.join(flags)} {project}" for project, *flags in builds),
        "twine check --strict (every file built)",
        f"twine upload to {index}"
        if index
        else "no upload: no package index configured (TWINE_REPOSITORY_URL or TWINE_REPOSITORY)",
        f"git commit 'Release {version}' ({', '.join(paths)}) and tag v{version}",
        f"keep the built files in build/release/{version}/",
    ]
    if dry_run:
        print(f"Would release {version}, after `make lint test contract` passed:")
        print("\n".join(f"  {n}. {s}" for n, s in enumerate(steps, 1)))
        return
    head, uploaded = git("rev-parse", "HEAD"), ""
    with tempfile.TemporaryDirectory(prefix="release-") as temporary:
        out, published = Path(temporary) / "dist", Path(temporary) / "published"
        try:
            progress(steps[0])
            tool("bump-my-version", bump_command(version))
            progress(steps[1])
            tool("client generation", generate)
            progress(steps[2])
            tool("publishing", [*publish, "--out", str(published)])
            keep = Path(folder)
            (keep / "published").mkdir(parents=True)
            shutil.copyfile("openapi.yaml", keep / "openapi.yaml")
            for name in ("openapi.yaml", "openapi.json"):
                shutil.copyfile(published / name, keep / "published" / name)
            for project, *flags in builds:
                progress(f"{uv} build {' '.join(flags)} {project}")
                tool("uv build", [uv, "build", "-q", *flags, "-o", str(out), project])
            built = sorted(str(p) for p in out.iterdir() if p.suffix in (".whl", ".gz"))
            progress(steps[-4])
            tool("twine check", [sys.executable, "-m", "twine", "check", "--strict", *built])
            progress(steps[-3])
            if index:
                upload = ["upload", "--non-interactive", "--disable-progress-bar", *built]
                tool("twine upload", [sys.executable, "-m", "twine", *upload])
                uploaded = f" (the packages were uploaded to {index} already)"
            progress(steps[-2])
            git("add", "--all", "--", *paths)
            git("commit", "--quiet", "--no-verify", "-m", f"Release {version}", "--", *paths)
            git("tag", "-a", f"v{version}", "-m", f"Release {version}")
        except BaseException as exc:
            restore(head, version, paths)
            if isinstance(exc, PipelineError | OSError):
                raise PipelineError(
                    f"{exc}\nrelease {version} refused: every file, commit and tag is as it "
                    f"was{uploaded}"
                ) from None
            raise
        kept = Path("build", "release", version)
        shutil.rmtree(kept, ignore_errors=True)
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(out, kept)
    where = f"uploaded to {index}" if index else "not uploaded (no index configured)"
    progress(f"released {version}: commit 'Release {version}', tag v{version}; {where}")


def restore(head: str, version: str, paths: list[str]) -> None:
    """Back to `head` for `paths` (the tree was clean): no commit, no tag, the files as before."""
    git("tag", "-d", f"v{version}", check=False)
    git("reset", "--quiet", "--soft", head)
    git("reset", "--quiet", head, "--", *paths, check=False)
    tracked = git("ls-tree", "-r", "--name-only", head, "--", *paths).split()
    if tracked:
        git("checkout", head, "--", *tracked)
    git("clean", "-f", "-d", "-q", "--", *paths)


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(COMMAND, "Check, then release, the contract (make release's glue).")
    parser.add_argument("action", choices=("check", "run"))
    parser.add_argument("--version", required=True, help="MAJOR.MINOR.PATCH")
    parser.add_argument("--more-args", default="", help="make's RELEASE_ARGS: only --dry-run")
    parser.add_argument("--client", default="generated/onlyoffice-crm-client")
    parser.add_argument("--package", action="append", default=[], help="a wheel to build")
    parser.add_argument("--uv", default=".tools/bin/uv")
    args = parser.parse_args(argv)
    try:
        extra = shlex.split(args.more_args)
    except ValueError as exc:
        parser.error(f"RELEASE_ARGS: {exc}")
    unknown = [a for a in extra if a != "--dry-run"]
    if unknown:
        parser.error(f"RELEASE_ARGS: only --dry-run is known, not {shlex.join(unknown)}")

    def command(name: str) -> list[str]:  # set by the make target, never from a user's value
        return shlex.split(os.environ.get(name, ""))

    def act() -> int:
        if args.action == "check":
            check(args.version, command("RELEASE_GATE"))
        else:
            run(
                args.version,
                generate=command("RELEASE_GENERATE"),
                publish=command("RELEASE_PUBLISH"),
                uv=args.uv,
                client=args.client,
                packages=args.package,
                dry_run=bool(extra),
            )
        return 0

    return cli.run(COMMAND, act)


if __name__ == "__main__":
    sys.exit(main())
