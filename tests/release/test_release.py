"""Releases on a throwaway repository: the checks, the gate, the steps, all or nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from spec_pipeline import release as release_module
from spec_pipeline.errors import PipelineError
from spec_pipeline.release import main, release, set_spec_version
from spec_pipeline.versions import version_key
from tests.release.conftest import SPEC, Repo

BREAKING_SPEC = SPEC.replace(
    "          required: false\n          schema:\n            type: string",
    "          required: true\n          schema:\n            type: string",
)
NON_BREAKING_SPEC = SPEC.replace(
    "      responses:\n        '204':",
    "      description: Deletes one thing.\n      responses:\n        '204':\n"
    "          description: Deleted.\n        '404':",
)
PASSING = (sys.executable, "-c", "")


@pytest.mark.tool
@pytest.mark.parametrize(
    "bad",
    ["1.1", "v1.1.0", "1.1.0.0", "01.1.0", "latest", "", "1.0.1\n", " 1.0.1", "1.0.1 ",
     "1.0.1'; touch pwned; echo '", "1.0.0-01"],
)  # fmt: skip
def test_version_must_be_semver_and_nothing_else(repo: Repo, bad: str) -> None:
    before = repo.state()
    with pytest.raises(PipelineError, match="not a semantic version"):
        release(bad, repo.options())
    assert repo.state() == before


def test_semver_precedence() -> None:
    ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
    assert sorted(reversed(ordered), key=version_key) == ordered


@pytest.mark.tool
@pytest.mark.parametrize("old", ["1.0.0", "0.9.9", "1.0.0-rc.1"])
def test_version_not_newer_is_refused(repo: Repo, old: str) -> None:
    before = repo.state()
    with pytest.raises(PipelineError, match=r"not newer than info.version 1\.0\.0"):
        release(old, repo.options())
    assert repo.state() == before


@pytest.mark.tool
def test_version_not_newer_than_the_last_release_folder_is_refused(repo: Repo) -> None:
    (repo.root / "releases" / "1.4.0").mkdir()
    repo.write("releases/1.4.0/openapi.yaml", SPEC)
    repo.commit("Release 1.4.0")
    with pytest.raises(PipelineError, match=r"not newer than the last release 1\.4\.0"):
        release("1.2.0", repo.options())


@pytest.mark.tool
def test_a_newer_tag_than_the_folders_counts_too(repo: Repo) -> None:
    repo.git("tag", "-a", "v1.4.0", "-m", "a release made by tag only")
    with pytest.raises(PipelineError, match=r"not newer than the last release 1\.4\.0"):
        release("1.2.0", repo.options())


@pytest.mark.tool
def test_breaking_change_without_major_bump_is_refused(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("openapi.yaml", BREAKING_SPEC)
    repo.commit("Require the colour filter")
    before = repo.state()
    with pytest.raises(PipelineError) as refused:
        release("1.1.0", repo.options())
    message = str(refused.value)
    assert "need a major version (>= 2.0.0), not 1.1.0" in message
    assert "listThings" in message and "colour" in message
    assert repo.state() == before
    # The command line prints the same refusal and exits 1.
    assert main(["--version=1.1.0", "--root", str(repo.root), "--generate-cmd", ""]) == 1
    assert "listThings" in capsys.readouterr().err
    assert repo.state() == before


@pytest.mark.tool
def test_the_gate_works_in_a_shallow_clone_without_tags(repo: Repo, tmp_path: Path) -> None:
    repo.git("tag", "-a", "v1.0.0", "-m", "Release 1.0.0")
    repo.write("openapi.yaml", BREAKING_SPEC)
    repo.commit("Require the colour filter")
    clone = Repo(tmp_path / "shallow")
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{repo.root}", str(clone.root)],
        check=True,
        timeout=60,
    )
    assert clone.git("tag", "--list") == ""
    with pytest.raises(PipelineError, match=r"since 1\.0\.0 need a major version"):
        release("1.1.0", clone.options())


@pytest.mark.tool
def test_breaking_change_with_major_bump_is_released(repo: Repo) -> None:
    repo.write("openapi.yaml", BREAKING_SPEC)
    repo.commit("Require the colour filter")
    plan = release("2.0.0", repo.options(check_command=PASSING))
    assert [c.operation for c in plan.breaking] == ["GET /things (listThings)"]

    spec = repo.read("openapi.yaml")
    assert spec == BREAKING_SPEC.replace("  version: 1.0.0  #", "  version: 2.0.0  #")
    assert repo.read("releases/2.0.0/openapi.yaml") == spec
    assert repo.read("releases/1.0.0/openapi.yaml") == SPEC
    assert (repo.root / "generated" / "version.txt").read_text() == "2.0.0"

    changelog = repo.read("CHANGELOG.md")
    head, _, released = changelog.partition("## [2.0.0] - 2026-02-03\n")
    assert head.endswith("## [Unreleased]\n\n"), "Unreleased stays, empty, on top"
    entry = released.split("## [1.0.0]")[0]
    assert entry.index("### Breaking") < entry.index("### Fixed")
    breaking = entry.split("### Breaking")[1].split("###")[0]
    assert "GET /things (listThings)" in breaking and "colour" in breaking
    assert "- The colour filter is described." in entry.split("### Fixed")[1]
    assert "## [1.0.0] - 2026-01-01" in changelog

    assert repo.git("log", "-1", "--format=%s") == "Release 2.0.0"
    assert repo.git("cat-file", "-t", "v2.0.0") == "tag"  # annotated
    assert repo.git("rev-parse", "v2.0.0^{commit}") == repo.git("rev-parse", "HEAD")
    committed = repo.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(committed) == [
        "CHANGELOG.md",
        "generated/version.txt",
        "openapi.yaml",
        "releases/2.0.0/openapi.yaml",
    ]
    assert repo.git("status", "--porcelain") == ""


@pytest.mark.tool
def test_non_breaking_changes_are_listed_under_changed(repo: Repo) -> None:
    repo.write("openapi.yaml", NON_BREAKING_SPEC)
    repo.commit("Document the 404 of deleteThing")
    plan = release("1.1.0", repo.options())
    assert plan.breaking == [] and plan.non_breaking
    entry = repo.read("CHANGELOG.md").split("## [1.1.0] - 2026-02-03")[1].split("## [1.0.0]")[0]
    assert "### Breaking" not in entry
    changed = entry.split("### Changed")[1].split("###")[0]
    assert "DELETE /things/{id} (deleteThing)" in changed and "404" in changed
    assert repo.git("describe", "--tags", "--exact-match") == "v1.1.0"


@pytest.mark.tool
def test_dry_run_lists_every_step_and_changes_nothing(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("openapi.yaml", NON_BREAKING_SPEC)
    repo.commit("Document the 404 of deleteThing")
    before = repo.state()
    options = repo.options(
        dry_run=True,
        check_command=("make", "lint", "test"),
        publish_command=("publish-it",),
        client="client",
    )
    release("1.1.0", options)
    assert repo.state() == before
    out = capsys.readouterr().out
    steps = [line.split(". ", 1)[1] for line in out.splitlines() if line[:5].strip()[:-1].isdigit()]
    assert [step.split(":")[0].split(" (")[0] for step in steps] == [
        "set info.version in openapi.yaml",
        "regenerate the client",
        "pre-flight check on the tree as it will be committed",
        "build the client's wheel and sdist",
        "check them as PyPI reads them",
        "install the wheel into a fresh virtual environment and import it",
        "rebuild dist/",
        "keep the release",
        "add [1.1.0] - 2026-02-03 to CHANGELOG.md",
        "commit 'Release 1.1.0'",
    ]
    assert "make lint test" in out and "publish-it" in out and "tag v1.1.0" in out
    assert "deleteThing" in out  # the changelog section it would write


@pytest.mark.tool
def test_dirty_tree_is_refused_unless_allowed(repo: Repo) -> None:
    repo.write("notes.txt", "scratch\n")
    before = repo.state()
    with pytest.raises(PipelineError, match="not clean"):
        release("1.0.1", repo.options())
    assert repo.state() == before
    release("1.0.1", repo.options(allow_dirty=True))
    assert repo.git("describe", "--tags", "--exact-match") == "v1.0.1"
    assert "notes.txt" not in repo.git("show", "--name-only", "--format=", "HEAD")
    assert repo.git("status", "--porcelain") == "?? notes.txt"


@pytest.mark.tool
def test_first_release_with_no_release_yet(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.git("rm", "-q", "-r", "releases")
    repo.git("commit", "-q", "-m", "No release yet")
    release("1.0.0", repo.options())
    assert "1.0.0 is the first release" in capsys.readouterr().err
    assert repo.git("cat-file", "-t", "v1.0.0") == "tag"
    changelog = repo.read("CHANGELOG.md")
    assert changelog.count("## [1.0.0]") == 1 and "## [1.0.0] - 2026-02-03" in changelog
    assert "  version: 1.0.0  # set by the release" in repo.read("openapi.yaml")
    assert repo.read("releases/1.0.0/openapi.yaml") == SPEC


@pytest.mark.tool
def test_failed_generation_puts_everything_back(repo: Repo) -> None:
    before = repo.state()
    failing = ("sh", "-c", "mkdir -p generated; echo half > generated/x; echo broke >&2; exit 3")
    with pytest.raises(PipelineError, match="(?s)step 2 .*broke"):
        release("1.0.1", repo.options(generate_command=failing))
    assert repo.state() == before


@pytest.mark.tool
def test_a_failing_pre_flight_check_refuses_with_its_output(repo: Repo) -> None:
    repo.write("openapi.yaml", NON_BREAKING_SPEC)
    repo.commit("Document the 404 of deleteThing")
    before = repo.state()
    # The check sees the tree as it will be committed: the new version and the new client.
    failing = (
        "sh",
        "-c",
        "grep -q 'version: 1.1.0' openapi.yaml && test -f generated/version.txt "
        "&& echo '1 failed: test_contract_surface.py::test_operations' && exit 1",
    )
    with pytest.raises(PipelineError) as refused:
        release("1.1.0", repo.options(check_command=failing))
    message = str(refused.value)
    assert "pre-flight check" in message and "exit status 1" in message
    assert "1 failed: test_contract_surface.py::test_operations" in message
    assert repo.state() == before


@pytest.mark.tool
def test_a_failing_tag_step_leaves_no_commit(repo: Repo) -> None:
    # Tag signing on, with a signer that fails: the tag step fails after the commit is made.
    repo.git("config", "tag.gpgSign", "true")
    repo.git("config", "gpg.program", "false")
    before = repo.state()
    with pytest.raises(PipelineError) as refused:
        release("1.0.1", repo.options(check_command=PASSING))
    message = str(refused.value)
    assert "git tag -a v1.0.1" in message
    assert message.rstrip().split("failed: ")[-1], "the reason is empty"
    assert repo.state() == before
    # Fixed, the same release goes through.
    repo.git("config", "tag.gpgSign", "false")
    release("1.0.1", repo.options())
    assert repo.git("describe", "--tags", "--exact-match") == "v1.0.1"


@pytest.mark.tool
def test_a_branch_that_cannot_move_leaves_no_tag(repo: Repo) -> None:
    # Another git process holds the branch: the commit and the tag exist, the branch cannot move.
    lock = repo.root / ".git" / "refs" / "heads" / "main.lock"
    lock.write_text("", encoding="utf-8")
    before = repo.state()
    with pytest.raises(PipelineError, match="git update-ref"):
        release("1.0.1", repo.options())
    assert repo.state() == before
    assert repo.git("tag", "--list") == ""


@pytest.mark.tool
def test_a_failing_commit_step_says_why(repo: Repo) -> None:
    repo.git("config", "commit.gpgSign", "true")
    repo.git("config", "gpg.program", "false")
    before = repo.state()
    with pytest.raises(PipelineError) as refused:
        release("1.0.1", repo.options())
    reason = str(refused.value).split("failed: ")[-1].strip()
    assert reason and "gpg" in reason.lower()
    assert repo.state() == before


@pytest.mark.tool
def test_an_interrupted_release_puts_everything_back(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = repo.state()

    def interrupted(command: object, root: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(release_module, "run_check", interrupted)
    with pytest.raises(KeyboardInterrupt):
        release("1.0.1", repo.options(check_command=PASSING))
    assert repo.state() == before


@pytest.mark.tool
def test_a_file_system_error_is_a_refusal_not_a_traceback(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = repo.state()

    def disk_full(*args: object) -> None:
        (repo.root / "releases" / "1.0.1").mkdir()  # half written, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release_module, "keep_release", disk_full)
    with pytest.raises(PipelineError, match="(?s)step 3 .*No space left on device"):
        release("1.0.1", repo.options())
    assert repo.state() == before


@pytest.mark.tool
def test_command_line_release_with_more_args_split_but_never_run(repo: Repo) -> None:
    more = "--generate-cmd '' --check-cmd '' --publish-cmd '' --no-client --date 2026-03-04"
    code = main(["--version=1.0.1", "--root", str(repo.root), "--more-args", more])
    assert code == 0
    assert "## [1.0.1] - 2026-03-04" in repo.read("CHANGELOG.md")
    assert repo.git("tag", "--list") == "v1.0.1"


@pytest.mark.tool
def test_the_check_command_comes_from_release_check(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RELEASE_CHECK", "sh -c 'echo check says no; exit 4'")
    before = repo.state()
    argv = ["--version=1.0.1", "--root", str(repo.root), "--generate-cmd", ""]
    assert main([*argv, "--publish-cmd", "", "--no-client"]) == 1
    err = capsys.readouterr().err
    assert "check says no" in err and "exit status 4" in err
    assert repo.state() == before


def test_set_spec_version_edits_only_the_info_version_line() -> None:
    edited = set_spec_version(SPEC, "3.2.1")
    changed = [
        (a, b) for a, b in zip(SPEC.splitlines(), edited.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ("  version: 1.0.0  # set by the release", "  version: 3.2.1  # set by the release")
    ]
    quoted = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1.0.0'\npaths: {}\n"
    assert "  version: '1.2.0'\n" in set_spec_version(quoted, "1.2.0")
    with pytest.raises(PipelineError, match="no `version:` line"):
        set_spec_version("openapi: 3.1.0\ninfo:\n  title: t\nversion: 1.0.0\n", "1.2.0")
