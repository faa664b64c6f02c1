"""Command: release the contract: one version, in ``info.version`` of ``openapi.yaml``.

    python -m spec_pipeline.release VERSION [--dry-run] [--allow-dirty] [--root DIR]

Checks first, and changes nothing unless every check passes:

1. VERSION is a semantic version, newer than the spec's current ``info.version`` and than the
   last release tag (``vX.Y.Z``). With no tag yet this is the first release, and VERSION may
   equal ``info.version`` (the version the contract was written at);
2. the working tree is clean (``--allow-dirty`` skips this, for tests and rehearsals);
3. the breaking-change gate: the spec at the last release tag against the working tree.
   Breaking changes need a major version bump; without one they are listed, with their
   operations, and the release is refused.

Then: ``info.version`` is set by editing that one line (formatting and comments stay), the
client is regenerated (``python -m spec_pipeline.generate``: the package takes its version
from the spec), ``CHANGELOG.md`` gets the release (Keep a Changelog 1.1.0: the breaking and
the other changes found by the gate, then what ``## [Unreleased]`` held), and the result is
committed as ``Release X.Y.Z`` and tagged ``vX.Y.Z`` (annotated). If a step after the first
edit fails, the edited files are put back. ``--dry-run`` prints the plan and changes nothing.
"""

from __future__ import annotations

import datetime
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spec_pipeline import cli
from spec_pipeline.breaking import Change, compare
from spec_pipeline.document import load_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.gitrepo import git, last_release, spec_at
from spec_pipeline.versions import major, version_key

__all__ = [
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
GENERATE_TIMEOUT = 600.0
SECTION_ORDER = ("Breaking", "Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
UNRELEASED = "## [Unreleased]"


@dataclass(frozen=True)
class Options:
    root: Path = Path(".")
    spec: str = "openapi.yaml"  # relative to root
    changelog: str = "CHANGELOG.md"  # relative to root
    generated: tuple[str, ...] = ("generated",)  # committed with the release when present
    generate_command: tuple[str, ...] = (sys.executable, "-m", "spec_pipeline.generate")
    allow_dirty: bool = False
    dry_run: bool = False
    date: str | None = None  # YYYY-MM-DD; today when None


@dataclass
class Plan:
    version: str
    current: str
    last_tag: str | None
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
    last_tag = last_release(root)
    plan = Plan(version=version, current=current, last_tag=last_tag)
    plan.date = options.date or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(plan.date)
    except ValueError:
        raise PipelineError(f"release date {plan.date!r} is not YYYY-MM-DD") from None

    if last_tag is None:
        progress(f"no release tag yet: {version} is the first release")
        if version_key(version) < version_key(current):
            raise PipelineError(f"{version} is older than info.version {current}")
    else:
        if version_key(version) <= version_key(current):
            raise PipelineError(f"{version} is not newer than info.version {current}")
        if version_key(version) <= version_key(last_tag[1:]):
            raise PipelineError(f"{version} is not newer than the last release {last_tag}")

    status = git(root, "status", "--porcelain").stdout.strip()
    if status and not options.allow_dirty:
        raise PipelineError(f"the working tree is not clean; commit or stash first:\n{status}")

    if last_tag is None:
        progress("no earlier release: breaking-change gate skipped")
        return plan
    report = compare(spec_at(last_tag, (root / options.spec).resolve()), spec)
    plan.breaking, plan.non_breaking = report.breaking, report.non_breaking
    progress(
        f"since {last_tag}: {len(plan.breaking)} breaking, "
        f"{len(plan.non_breaking)} non-breaking change(s)"
    )
    if plan.breaking and major(version) <= major(last_tag[1:]):
        listed = "\n".join(f"  {_change_line(c)}" for c in plan.breaking)
        raise PipelineError(
            f"{len(plan.breaking)} breaking change(s) since {last_tag} need a major version "
            f"(>= {major(last_tag[1:]) + 1}.0.0), not {version}:\n{listed}"
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


def release(version: str, options: Options) -> Plan:
    plan = plan_release(version, options)
    root = options.root
    spec_path, changelog_path = root / options.spec, root / options.changelog
    spec_before = spec_path.read_text(encoding="utf-8")
    try:
        changelog_before: str | None = changelog_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        changelog_before = None
    spec_after = spec_before if version == plan.current else set_spec_version(spec_before, version)
    changelog_after = _changelog_after(changelog_before or _NEW_CHANGELOG, plan)
    command = list(options.generate_command)

    if options.dry_run:
        print(f"Would release {version} (info.version {plan.current} -> {version}):")
        print(f"  set info.version in {options.spec} to {version}")
        print(f"  run {shlex.join(command)}" if command else "  (no client generation)")
        print(f"  add to {options.changelog}:\n")
        entry = re.search(
            rf"^## \[{re.escape(version)}\].*?(?=^## |\Z)",
            changelog_after,
            re.MULTILINE | re.DOTALL,
        )
        shown = entry.group(0).rstrip() if entry else "(nothing)"
        print("    " + shown.replace("\n", "\n    "))
        print(f"\n  commit 'Release {version}' and tag {plan.tag} (annotated)")
        return plan

    try:
        if spec_after != spec_before:
            spec_path.write_text(spec_after, encoding="utf-8")
            progress(f"{options.spec}: info.version {plan.current} -> {version}")
        if command:
            progress(f"regenerating the client: {shlex.join(command)}")
            _generate(command, root)
        changelog_path.write_text(changelog_after, encoding="utf-8")
        progress(f"{options.changelog}: added [{version}] - {plan.date}")
        paths = [options.spec, options.changelog]
        paths += [p for p in options.generated if (root / p).exists()]
        git(root, "add", "--", *paths)
        git(root, "commit", "--quiet", "-m", f"Release {version}", "--", *paths)
    except BaseException:
        spec_path.write_text(spec_before, encoding="utf-8")
        if changelog_before is None:
            changelog_path.unlink(missing_ok=True)
        else:
            changelog_path.write_text(changelog_before, encoding="utf-8")
        git(root, "reset", "--quiet", "--", options.spec, options.changelog, check=False)
        raise
    git(root, "tag", "-a", plan.tag, "-m", f"Release {version}")
    progress(f"committed 'Release {version}' and tagged {plan.tag}")
    return plan


def _changelog_after(text: str, plan: Plan) -> str:
    heading = re.compile(rf"^## \[{re.escape(plan.version)}\].*$", re.MULTILINE)
    if plan.last_tag is None and plan.version == plan.current and heading.search(text):
        # The first release of the version the contract was written at: its entry exists.
        return heading.sub(f"## [{plan.version}] - {plan.date}", text, count=1)
    return update_changelog(text, plan)


def _generate(command: list[str], root: Path) -> None:
    try:
        run = subprocess.run(
            command, cwd=root, capture_output=True, text=True, timeout=GENERATE_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise PipelineError(f"client generation took over {GENERATE_TIMEOUT:.0f}s") from None
    except OSError as exc:
        raise PipelineError(f"client generation could not start: {exc}") from None
    if run.returncode != 0:
        raise PipelineError(f"client generation failed:\n{(run.stdout + run.stderr).strip()}")


_NEW_CHANGELOG = f"""# Changelog

All notable changes to the invoice contract are documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this
project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).

{UNRELEASED}
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli.parser(
        COMMAND, "Release VERSION: check, set info.version, regenerate, changelog, tag."
    )
    parser.add_argument("version", metavar="VERSION", help="the new version, MAJOR.MINOR.PATCH")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="do not require a clean working tree"
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root")
    parser.add_argument(
        "--generate-cmd",
        default=shlex.join(Options.generate_command),
        help="client generation command, run in the root ('' for none)",
    )
    parser.add_argument("--date", help="release date YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    options = Options(
        root=args.root,
        generate_command=tuple(shlex.split(args.generate_cmd)),
        allow_dirty=args.allow_dirty,
        dry_run=args.dry_run,
        date=args.date,
    )

    def run() -> int:
        release(args.version, options)
        return 0

    return cli.run(COMMAND, run)


if __name__ == "__main__":
    sys.exit(main())
