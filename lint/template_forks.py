"""Template drift: fail when the generator's own templates change under our forks.

    python lint/template_forks.py [--generator-templates DIR] [--record]

openapi-python-client documents custom templates as unstable between versions. Each file in
`generator-templates/`, and each hand-written extra that replaces a generated module, was
taken from one or more of the generator's templates at one version. `lint/template-forks.json`
records which (the version, and each base's SHA-256) and `lint/template-bases/` keeps a copy
of each base, so that when the installed generator's template no longer matches, this check
names the fork and shows the upstream change as a diff (the copy against the installed file).
It also fails on an override that is not recorded, a recorded one that is gone, and a fork
whose header does not name its base and version.

After an upgrade: port each upstream change shown into the fork, then `--record` takes the
installed templates as the new bases (and the installed version), and the forks' headers are
updated by hand to name it. Exit status: 0 clean, 1 drift, 2 a usage or manifest error.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib.metadata
import json
import sys
from dataclasses import dataclass
from pathlib import Path

GENERATOR = "openapi-python-client"
ROOT = Path(__file__).resolve().parents[1]
MANIFEST = "lint/template-forks.json"
BASES = "lint/template-bases"
OVERRIDES = "generator-templates"
HEADER_LINES = 8  # where a fork must name its base and version


class UsageError(Exception):
    pass


@dataclass(frozen=True)
class Fork:
    path: str  # relative to the repository
    bases: tuple[str, ...]  # relative to the generator's templates folder; the first is named


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def installed_templates() -> Path:
    import openapi_python_client

    return Path(openapi_python_client.__file__).parent / "templates"


def installed_version() -> str:
    return importlib.metadata.version(GENERATOR)


def load_manifest(root: Path, *, hashed: bool = True) -> tuple[str, list[Fork], dict[str, str]]:
    """The recorded version, the forks, and each base's SHA-256 (all required unless
    `hashed` is False, as when recording them)."""
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = data["version"]
        hashes = data["bases"]
        forks = [Fork(name, tuple(bases)) for name, bases in data["forks"].items()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError(f"{path}: not a readable template manifest ({error})") from None
    if not isinstance(version, str) or not isinstance(hashes, dict):
        raise UsageError(f"{path}: `version` must be a string and `bases` a mapping")
    for fork in forks:
        if not fork.bases or not all(isinstance(b, str) for b in fork.bases):
            raise UsageError(f"{path}: {fork.path} names no upstream template")
        missing = [base for base in fork.bases if base not in hashes]
        if missing and hashed:
            raise UsageError(f"{path}: {fork.path}: no hash recorded for {', '.join(missing)}")
    return version, forks, hashes


def check(root: Path, upstream: Path) -> list[str]:
    """Every problem found, each a message that may hold a diff; [] when clean."""
    version, forks, hashes = load_manifest(root)
    problems: list[str] = []
    recorded = {fork.path for fork in forks}
    overrides = root / OVERRIDES
    if overrides.is_dir():
        for path in sorted(p for p in overrides.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if name not in recorded:
                problems.append(
                    f"{name}: an override not recorded in {MANIFEST} (name the upstream template "
                    "it was taken from, then run with --record)"
                )
    for fork in forks:
        problems += check_fork(root, upstream, version, fork)
    seen: set[str] = set()
    for fork in forks:
        for base in fork.bases:
            if base not in seen:
                seen.add(base)
                problems += check_base(root, upstream, version, base, hashes[base], fork)
    return problems


def check_fork(root: Path, upstream: Path, version: str, fork: Fork) -> list[str]:
    path = root / fork.path
    if not path.is_file():
        return [f"{fork.path}: recorded in {MANIFEST} but missing"]
    head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:HEADER_LINES])
    named = f"templates/{fork.bases[0]}"
    if f"{GENERATOR} {version}" not in head or named not in head:
        return [
            f"{fork.path}: its first {HEADER_LINES} lines must say why it exists and name "
            f"`{GENERATOR} {version}` and `{named}`, the upstream file it was taken from"
        ]
    return []


def check_base(
    root: Path, upstream: Path, version: str, base: str, recorded: str, fork: Fork
) -> list[str]:
    copy = root / BASES / base
    if not copy.is_file() or sha256(copy) != recorded:
        return [f"{BASES}/{base}: the recorded copy is missing or was edited (run --record)"]
    current = upstream / base
    users = fork.path
    if not current.is_file():
        return [
            f"{users}: its upstream template templates/{base} ({GENERATOR} {version}) no longer "
            f"exists in the installed {GENERATOR} {installed_or_unknown()}"
        ]
    if sha256(current) == recorded:
        return []
    diff = difflib.unified_diff(
        copy.read_text(encoding="utf-8").splitlines(keepends=True),
        current.read_text(encoding="utf-8").splitlines(keepends=True),
        fromfile=f"templates/{base} ({GENERATOR} {version}, the fork's base)",
        tofile=f"templates/{base} (installed {GENERATOR} {installed_or_unknown()})",
    )
    return [
        f"{users}: its upstream template templates/{base} changed since {GENERATOR} {version}; "
        "port the change into the fork, then run with --record:\n" + "".join(diff).rstrip("\n")
    ]


def installed_or_unknown() -> str:
    try:
        return installed_version()
    except importlib.metadata.PackageNotFoundError:
        return "(version unknown)"


def record(root: Path, upstream: Path, version: str) -> int:
    """Take the installed templates as the forks' bases; returns how many were recorded."""
    _, forks, _ = load_manifest(root, hashed=False)
    hashes: dict[str, str] = {}
    for fork in forks:
        for base in fork.bases:
            source = upstream / base
            if not source.is_file():
                raise UsageError(f"{fork.path}: templates/{base} is not in {upstream}")
            target = root / BASES / base
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            hashes[base] = sha256(source)
    data = {
        "generator": GENERATOR,
        "version": version,
        "forks": {fork.path: list(fork.bases) for fork in forks},
        "bases": dict(sorted(hashes.items())),
    }
    (root / MANIFEST).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return len(hashes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="template_forks", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the repository (default: this one)"
    )
    parser.add_argument(
        "--generator-templates",
        type=Path,
        metavar="DIR",
        help=f"the generator's templates folder (default: the installed {GENERATOR}'s)",
    )
    parser.add_argument(
        "--record", action="store_true", help="take the installed templates as the new bases"
    )
    args = parser.parse_args(argv)
    try:
        upstream = args.generator_templates or installed_templates()
        if not upstream.is_dir():
            raise UsageError(f"{upstream}: no such templates folder")
        if args.record:
            count = record(args.root, upstream, installed_or_unknown())
            print(f"template_forks: recorded {count} upstream template(s) in {MANIFEST}")
            return 0
        problems = check(args.root, upstream)
    except UsageError as error:
        print(f"template_forks: error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"template_forks: {problem}", file=sys.stderr)
    if problems:
        return 1
    version, forks, _ = load_manifest(args.root)
    print(f"template_forks: {len(forks)} fork(s) match their {GENERATOR} {version} bases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
