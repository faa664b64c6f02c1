"""Command: release the contract: one version, in ``info.version`` of ``openapi.yaml``.

    python -m spec_pipeline.release --version=X.Y.Z [--dry-run] [--allow-dirty] [--root DIR]
        [--generate-cmd CMD] [--check-cmd CMD] [--publish-cmd CMD] [--uv UV] [--no-client]

A release ships only what passed, and is all or nothing.

Checks first, changing nothing (``plan_release``):

1. VERSION is a semantic version and nothing else, newer than the spec's ``info.version`` and
   than the last release; neither ``releases/VERSION/`` nor the tag ``vVERSION`` exists. With
   no release at all VERSION may equal ``info.version`` (the version it was written at);
2. the working tree is clean (``--allow-dirty`` skips this, for tests and rehearsals);
3. the breaking-change gate: the last released spec (``releases/X.Y.Z/openapi.yaml``, or a
   newer tag's) against the working tree. Breaking changes need a major version bump; without
   one they are listed, with their operations, and the release is refused.

Then the steps ``--dry-run`` lists: set ``info.version`` (that one line; formatting and comments
stay), regenerate the client, run the pre-flight check (by default ``make lint test contract``:
the lint, the whole test suite and a contract run against the mock portal, on the tree as it
will be committed), build the client's wheel and sdist, ``twine check`` them, install the wheel
into a fresh virtual environment and import it, rebuild ``dist/`` (``make publish``'s command),
keep the release under ``releases/VERSION/``, add the ``CHANGELOG.md`` section (Keep a Changelog
1.1.0: the changes found by the gate, then what ``## [Unreleased]`` held), commit
``Release VERSION`` and tag ``vVERSION`` (annotated). If any step fails, or the run is
interrupted, every file is put back and no commit or tag is left; the error says which step
and why.
"""

from __future__ import annotations

import collections
import datetime
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spec_pipeline import cli, client_dist, release_archive
from spec_pipeline.breaking import Change, compare
from spec_pipeline.document import load_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.gitrepo import commit_and_tag, git, tag_exists
from spec_pipeline.tree_snapshot import restored_on_failure
from spec_pipeline.versions import major, version_key

__all__ = [
    "DEFAULT_CHECK",
    "Options",
    "Plan",
    "changelog_entry",
    "main",
    "plan_release",
    "release",
    "set_spec_version",
    "update_changelog",
]

COMMAND = "release"
CHECK_TIMEOUT = 3600.0  # the whole test suite and a contract run
SECTION_ORDER = ("Breaking", "Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
UNRELEASED = "## [Unreleased]"
# What the README asks of every change before it ships: lint, the test suite, a contract run.
DEFAULT_CHECK = ("make", "lint", "test", "contract")
DEFAULT_PUBLISH = (sys.executable, "-m", "spec_pipeline.publish", "--out", "dist")
PUBLISHED_FILES = ("openapi.yaml", "openapi.json")


def _default_uv() -> str:
    return ".tools/bin/uv" if Path(".tools/bin/uv").is_file() else "uv"


@dataclass(frozen=True)
class Options:
    root: Path = Path(".")
    spec: str = "openapi.yaml"  # relative to root, like every path here
    changelog: str = "CHANGELOG.md"
    generated: tuple[str, ...] = ("generated",)  # committed with the release when present
    client: str | None = "generated/onlyoffice-crm-client"  # None: no client to build
    dist: str = "dist"
    generate_command: tuple[str, ...] = (sys.executable, "-m", "spec_pipeline.generate")
    check_command: tuple[str, ...] = DEFAULT_CHECK
    publish_command: tuple[str, ...] = DEFAULT_PUBLISH  # () for none
    uv: str = field(default_factory=_default_uv)
    allow_dirty: bool = False
    dry_run: bool = False
    date: str | None = None  # YYYY-MM-DD; today when None


@dataclass
class Plan:
    version: str
    current: str
    last: str | None  # the last release's version
    base: str | None  # where its spec came from
    breaking: list[Change] = field(default_factory=list)
    non_breaking: list[Change] = field(default_factory=list)
    date: str = ""

    @property
    def tag(self) -> str:
        return f"v{self.version}"


def progress(message: str) -> None:
    cli.progress(COMMAND, message)


# --- the plan -------------------------------------------------------------------------------


def plan_release(version: str, options: Options) -> Plan:
    """Every check; raises ``PipelineError`` on the first refusal. Changes nothing."""
    root = options.root
    version_key(version)
    git(root, "rev-parse", "--is-inside-work-tree")
    spec = load_spec(root / options.spec)
    current = str(spec.get("info", {}).get("version", ""))
    try:
        version_key(current)
    except PipelineError:
        raise PipelineError(f"{options.spec}: info.version {current!r} is not semver") from None
    baseline = release_archive.last_released(root, options.spec)
    plan = Plan(
        version=version,
        current=current,
        last=baseline.version if baseline else None,
        base=baseline.source if baseline else None,
    )
    plan.date = options.date or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(plan.date)
    except ValueError:
        raise PipelineError(f"release date {plan.date!r} is not YYYY-MM-DD") from None

    if baseline is None:
        progress(f"no earlier release: {version} is the first release")
        if version_key(version) < version_key(current):
            raise PipelineError(f"{version} is older than info.version {current}")
    else:
        if version_key(version) <= version_key(current):
            raise PipelineError(f"{version} is not newer than info.version {current}")
        if version_key(version) <= version_key(baseline.version):
            raise PipelineError(f"{version} is not newer than the last release {baseline.version}")

    if tag_exists(root, plan.tag):
        raise PipelineError(f"the tag {plan.tag} exists already")
    folder = release_archive.release_folder(root, version)
    if folder.exists():
        raise PipelineError(f"{folder.relative_to(root)} exists already")

    status = git(root, "status", "--porcelain").stdout.strip()
    if status and not options.allow_dirty:
        raise PipelineError(f"the working tree is not clean; commit or stash first:\n{status}")

    if baseline is None:
        progress("no earlier release: nothing to compare against")
        return plan
    report = compare(baseline.spec, spec)
    plan.breaking, plan.non_breaking = report.breaking, report.non_breaking
    progress(
        f"since {baseline.version} ({baseline.source}): {len(plan.breaking)} breaking, "
        f"{len(plan.non_breaking)} non-breaking change(s)"
    )
    if plan.breaking and major(version) <= major(baseline.version):
        listed = "\n".join(f"  {_change_line(c)}" for c in plan.breaking)
        raise PipelineError(
            f"{len(plan.breaking)} breaking change(s) since {baseline.version} need a major "
            f"version (>= {major(baseline.version) + 1}.0.0), not {version}:\n{listed}"
        )
    return plan


def _change_line(change: Change) -> str:
    return f"{change.operation}: {change.message} ({change.path})"


# --- edits ----------------------------------------------------------------------------------

_TOP_KEY = re.compile(r"^[^\s#]")
_VERSION_LINE = re.compile(
    r"^(?P<indent>[ ]+)version:(?P<space>[ \t]*)(?P<quote>['\"]?)(?P<value>[^'\"\s#]+)"
    r"(?P=quote)(?P<rest>[ \t]*(?:#.*)?)$"
)


def set_spec_version(text: str, version: str) -> str:
    """``text`` with the ``version:`` line directly under the top-level ``info:`` changed."""
    lines = text.splitlines(keepends=True)
    in_info = False
    child_indent: str | None = None
    for index, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if _TOP_KEY.match(body):
            if in_info:
                break
            in_info = re.match(r"^info:\s*(#.*)?$", body) is not None
            continue
        if not in_info or not body.strip() or body.lstrip().startswith("#"):
            continue
        indent = body[: len(body) - len(body.lstrip(" "))]
        if child_indent is None:
            child_indent = indent
        if indent != child_indent:
            continue
        match = _VERSION_LINE.match(body)
        if match:
            new = (
                f"{match['indent']}version:{match['space']}{match['quote']}{version}"
                f"{match['quote']}{match['rest']}"
            )
            lines[index] = new + line[len(body) :]
            return "".join(lines)
    raise PipelineError("no `version:` line directly under the top-level `info:` to edit")


def changelog_entry(plan: Plan, unreleased: str) -> str:
    """The ``## [x.y.z] - date`` section: gate findings first, then the Unreleased notes."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    loose: list[str] = []
    for line in unreleased.strip("\n").splitlines():
        heading = re.match(r"^###\s+(.+?)\s*$", line)
        if heading:
            current = heading.group(1)
            sections.setdefault(current, [])
        elif current is None:
            loose.append(line)
        else:
            sections[current].append(line)
    found_breaking = [f"- {_change_md(c)}" for c in plan.breaking]
    found_changed = [f"- {_change_md(c)}" for c in plan.non_breaking]
    if found_breaking:
        sections["Breaking"] = found_breaking + _trimmed(sections.get("Breaking", []))
    if found_changed:
        sections["Changed"] = _trimmed(sections.get("Changed", [])) + found_changed
    order = [s for s in SECTION_ORDER if s in sections] + [
        s for s in sections if s not in SECTION_ORDER
    ]
    parts = [f"## [{plan.version}] - {plan.date}\n"]
    if _trimmed(loose):
        parts.append("\n" + "\n".join(_trimmed(loose)) + "\n")
    for name in order:
        body = _trimmed(sections[name])
        if body:
            parts.append(f"\n### {name}\n\n" + "\n".join(body) + "\n")
    if len(parts) == 1:
        parts.append("\n### Changed\n\n- No change to the contract.\n")
    return "".join(parts)


def _change_md(change: Change) -> str:
    return f"`{change.operation}`: {change.message} (`{change.path}`)"


def _trimmed(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def update_changelog(text: str, plan: Plan) -> str:
    """Move the ``## [Unreleased]`` notes into a new release section below an empty one."""
    if re.search(rf"^## \[{re.escape(plan.version)}\]", text, re.MULTILINE):
        raise PipelineError(f"the changelog already has a section for {plan.version}")
    start = text.find(UNRELEASED)
    if start < 0:
        raise PipelineError(f"the changelog has no `{UNRELEASED}` section")
    body_start = text.find("\n", start) + 1 if "\n" in text[start:] else len(text)
    following = re.search(r"^## ", text[body_start:], re.MULTILINE)
    body_end = body_start + following.start() if following else len(text)
    entry = changelog_entry(plan, text[body_start:body_end])
    return text[:start] + f"{UNRELEASED}\n\n" + entry + "\n" + text[body_end:]


# --- the release ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    title: str  # what --dry-run prints
    action: Callable[[], object]


def release(version: str, options: Options) -> Plan:
    plan = plan_release(version, options)
    root = options.root
    folder = release_archive.release_folder(root, version)
    spec_path, changelog_path = root / options.spec, root / options.changelog
    spec_before = spec_path.read_text(encoding="utf-8")
    try:
        changelog_text = changelog_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        changelog_text = _NEW_CHANGELOG
    spec_after = spec_before if version == plan.current else set_spec_version(spec_before, version)
    changelog_after = _changelog_after(changelog_text, plan)
    committed = [options.spec, options.changelog, folder.relative_to(root).as_posix()]
    committed += options.generated

    with tempfile.TemporaryDirectory(prefix="release-client-") as build_dir:
        steps = _steps(plan, options, spec_after, changelog_after, Path(build_dir), committed)
        if options.dry_run:
            print(f"Would release {version} (info.version {plan.current} -> {version}):")
            for number, step in enumerate(steps, 1):
                print(f"  {number}. {step.title}")
            entry = re.search(
                rf"^## \[{re.escape(version)}\].*?(?=^## |\Z)",
                changelog_after,
                re.MULTILINE | re.DOTALL,
            )
            shown = entry.group(0).rstrip() if entry else "(nothing)"
            print(f"\n  the {options.changelog} section:\n\n    " + shown.replace("\n", "\n    "))
            return plan
        saved = [options.spec, options.changelog, options.dist, *options.generated]
        saved.append(folder.relative_to(root).as_posix())
        with restored_on_failure(root, saved):
            for number, step in enumerate(steps, 1):
                progress(f"step {number}/{len(steps)}: {step.title}")
                try:
                    step.action()
                except (PipelineError, OSError) as exc:  # a full disk, a folder not writable
                    raise PipelineError(
                        f"refused at step {number} ({step.title.split(':')[0]}); every file, "
                        f"commit and tag is as it was:\n{exc}"
                    ) from None
    progress(f"released {version}: commit 'Release {version}', tag {plan.tag}")
    return plan


def _steps(
    plan: Plan,
    options: Options,
    spec_after: str,
    changelog_after: str,
    build_dir: Path,
    committed: list[str],
) -> list[Step]:
    root, version = options.root, plan.version
    folder = release_archive.release_folder(root, version)
    rel = folder.relative_to(root).as_posix()
    steps = [
        Step(
            f"set info.version in {options.spec}: {plan.current} -> {version}",
            lambda: (root / options.spec).write_text(spec_after, encoding="utf-8"),
        )
    ]
    if options.generate_command:
        command = options.generate_command
        steps.append(
            Step(
                f"regenerate the client: {shlex.join(command)}",
                lambda: client_dist.run_step("client generation", command, cwd=root),
            )
        )
    if options.check_command:
        check = options.check_command
        steps.append(
            Step(
                f"pre-flight check on the tree as it will be committed: {shlex.join(check)}",
                lambda: run_check(check, root),
            )
        )
    if options.client is not None:
        client = root / options.client
        out = build_dir / "client"
        uv = options.uv
        steps += [
            Step(
                f"build the client's wheel and sdist: {uv} build {options.client}",
                lambda: _build(client, out, uv, version),
            ),
            Step(
                "check them as PyPI reads them: twine check --strict",
                lambda: client_dist.check(_built(out)),
            ),
            Step(
                "install the wheel into a fresh virtual environment and import it",
                lambda: _try_install(client, out, uv, version),
            ),
        ]
    if options.publish_command:
        publish = options.publish_command
        steps.append(
            Step(f"rebuild {options.dist}/: {shlex.join(publish)}", lambda: _publish(publish, root))
        )
    kept = [f"{rel}/{release_archive.SOURCE}"]
    if options.publish_command:
        kept.append(f"{rel}/{release_archive.PUBLISHED}/{{{','.join(PUBLISHED_FILES)}}}")
    if options.client is not None:
        kept.append(f"{rel}/{release_archive.CLIENT}/ (wheel, sdist, SHA256SUMS)")
    steps += [
        Step(
            f"keep the release: {', '.join(kept)}",
            lambda: keep_release(plan, options, spec_after, build_dir / "client"),
        ),
        Step(
            f"add [{version}] - {plan.date} to {options.changelog}",
            lambda: (root / options.changelog).write_text(changelog_after, encoding="utf-8"),
        ),
        Step(
            f"commit 'Release {version}' ({', '.join(committed)}) and tag {plan.tag} "
            "(annotated); the branch moves only once both exist",
            lambda: _commit(root, committed, version, plan.tag),
        ),
    ]
    return steps


def run_check(command: Sequence[str], root: Path) -> None:
    """Run the pre-flight check, its output shown as it comes; a failure quotes its end."""
    tail: collections.deque[str] = collections.deque(maxlen=25)
    try:
        with subprocess.Popen(
            list(command),
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        ) as child:
            assert child.stdout is not None
            for line in child.stdout:
                sys.stderr.write(line)
                tail.append(line.rstrip("\n"))
            status = child.wait(timeout=CHECK_TIMEOUT)
    except OSError as exc:
        raise PipelineError(f"the pre-flight check could not start: {exc}") from None
    except subprocess.TimeoutExpired:
        raise PipelineError(f"the pre-flight check took over {CHECK_TIMEOUT:.0f}s") from None
    if status != 0:
        last = "\n".join(f"  {line}" for line in tail)
        raise PipelineError(
            f"the pre-flight check {shlex.join(command)} failed (exit status {status}); "
            f"its last lines:\n{last}"
        )


def _client_names(client: Path) -> tuple[str, str]:
    """The distribution name and the import name of the client project."""
    try:
        project = tomllib.loads((client / "pyproject.toml").read_text(encoding="utf-8"))
        name = project["project"]["name"]
        module = project["tool"]["uv"]["build-backend"]["module-name"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise PipelineError(f"{client}/pyproject.toml: no project name and module: {exc}") from None
    return str(name), str(module)


def _build(client: Path, out: Path, uv: str, version: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    built = client_dist.build(client, out, uv)
    if f"-{version}-" not in built.wheel.name:
        raise PipelineError(
            f"the client built is {built.wheel.name}, not version {version}: "
            "does the generate command take the version from the spec?"
        )


def _built(out: Path) -> client_dist.Distribution:
    return client_dist.Distribution(next(out.glob("*.whl")), next(out.glob("*.tar.gz")))


def _try_install(client: Path, out: Path, uv: str, version: str) -> None:
    name, module = _client_names(client)
    client_dist.try_install(_built(out).wheel, name, version, module, uv)


def _publish(command: Sequence[str], root: Path) -> None:
    client_dist.run_step("publishing", command, cwd=root)


def keep_release(plan: Plan, options: Options, spec_text: str, client_out: Path) -> None:
    root = options.root
    folder = release_archive.release_folder(root, plan.version)
    folder.mkdir(parents=True)
    (folder / release_archive.SOURCE).write_text(spec_text, encoding="utf-8")
    if options.publish_command:
        published = folder / release_archive.PUBLISHED
        published.mkdir()
        for name in PUBLISHED_FILES:
            source = root / options.dist / name
            if not source.is_file():
                raise PipelineError(f"the publish step wrote no {options.dist}/{name}")
            shutil.copyfile(source, published / name)
    if options.client is not None:
        client = folder / release_archive.CLIENT
        client.mkdir()
        built = _built(client_out)
        for path in built.files:
            shutil.copyfile(path, client / path.name)
        sums = client_dist.sha256sums([client / p.name for p in built.files])
        (client / "SHA256SUMS").write_text(sums, encoding="utf-8")


def _commit(root: Path, paths: list[str], version: str, tag: str) -> None:
    present = [p for p in paths if (root / p).exists() or git(root, "ls-files", "--", p).stdout]
    commit_and_tag(root, present, f"Release {version}", tag)


def _changelog_after(text: str, plan: Plan) -> str:
    heading = re.compile(rf"^## \[{re.escape(plan.version)}\].*$", re.MULTILINE)
    if plan.last is None and plan.version == plan.current and heading.search(text):
        # The first release of the version the contract was written at: its entry exists.
        return heading.sub(f"## [{plan.version}] - {plan.date}", text, count=1)
    return update_changelog(text, plan)


_NEW_CHANGELOG = f"""# Changelog

All notable changes to the invoice contract are documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this
project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).

{UNRELEASED}
"""


def _command(text: str, what: str) -> tuple[str, ...]:
    """A command given as one string, split like a shell would split it but never run by one:
    quotes group words, nothing is expanded or executed."""
    try:
        return tuple(shlex.split(text))
    except ValueError as exc:
        raise PipelineError(f"{what}: cannot split {text!r}: {exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        COMMAND,
        "Release VERSION: gate, regenerate, check, build the client, keep, changelog, tag.",
    )
    parser.add_argument("version_arg", nargs="?", metavar="VERSION", help="MAJOR.MINOR.PATCH")
    parser.add_argument("--version", dest="version_opt", metavar="VERSION", help="the same")
    parser.add_argument("--dry-run", action="store_true", help="print every step, change nothing")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="do not require a clean working tree"
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    parser.add_argument(
        "--generate-cmd",
        default=shlex.join(Options.generate_command),
        help="client generation command, run in the root ('' for none)",
    )
    parser.add_argument(
        "--check-cmd",
        default=os.environ.get("RELEASE_CHECK", shlex.join(DEFAULT_CHECK)),
        help="the pre-flight check, run in the root after regeneration ('' for none; "
        "default: $RELEASE_CHECK, else %(default)s)",
    )
    parser.add_argument(
        "--publish-cmd",
        default=shlex.join(DEFAULT_PUBLISH),
        help="rebuilds dist/ ('' for none)",
    )
    parser.add_argument("--uv", default=None, help="the uv that builds the client")
    parser.add_argument("--no-client", action="store_true", help="no client wheel to build")
    parser.add_argument("--date", help="release date YYYY-MM-DD (default: today)")
    parser.add_argument(
        "--more-args",
        default="",
        metavar="ARGS",
        help="more of these options in one string (make's RELEASE_ARGS), split like a shell "
        "command line but never run by one",
    )
    args = parser.parse_args(argv)
    if args.more_args:
        try:
            more = shlex.split(args.more_args)
        except ValueError as exc:
            parser.error(f"RELEASE_ARGS: {exc}")
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), *more])
    version = args.version_opt if args.version_opt is not None else args.version_arg
    if version is None:
        parser.error("give the version: --version=X.Y.Z")

    def run() -> int:
        root = args.root
        options = Options(
            root=root,
            generate_command=_command(args.generate_cmd, "--generate-cmd"),
            check_command=_command(args.check_cmd, "--check-cmd"),
            publish_command=_command(args.publish_cmd, "--publish-cmd"),
            client=None if args.no_client else Options.client,
            uv=args.uv
            or (str(root / ".tools/bin/uv") if (root / ".tools/bin/uv").is_file() else "uv"),
            allow_dirty=args.allow_dirty,
            dry_run=args.dry_run,
            date=args.date,
        )
        release(version, options)
        return 0

    return cli.run(COMMAND, run)


if __name__ == "__main__":
    sys.exit(main())
