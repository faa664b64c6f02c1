"""Releases on a throwaway repository: the checks, the gate, the edits, the tag."""

from __future__ import annotations

import pytest

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


@pytest.mark.tool
@pytest.mark.parametrize("bad", ["1.1", "v1.1.0", "1.1.0.0", "01.1.0", "latest", ""])
def test_version_must_be_semver(repo: Repo, bad: str) -> None:
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
def test_version_not_newer_than_the_last_tag_is_refused(repo: Repo) -> None:
    repo.git("tag", "-a", "v1.4.0", "-m", "a later release")
    with pytest.raises(PipelineError, match=r"not newer than the last release v1\.4\.0"):
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
    assert not (repo.root / "generated").exists()
    # The command line prints the same refusal and exits 1.
    assert main(["1.1.0", "--root", str(repo.root), "--generate-cmd", ""]) == 1
    assert "listThings" in capsys.readouterr().err
    assert repo.state() == before


@pytest.mark.tool
def test_breaking_change_with_major_bump_is_released(repo: Repo) -> None:
    repo.write("openapi.yaml", BREAKING_SPEC)
    repo.commit("Require the colour filter")
    plan = release("2.0.0", repo.options())
    assert [c.operation for c in plan.breaking] == ["GET /things (listThings)"]

    spec = repo.read("openapi.yaml")
    assert spec == BREAKING_SPEC.replace("  version: 1.0.0  #", "  version: 2.0.0  #")
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
    assert sorted(committed) == ["CHANGELOG.md", "generated/version.txt", "openapi.yaml"]
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
def test_dry_run_changes_nothing(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("openapi.yaml", NON_BREAKING_SPEC)
    repo.commit("Document the 404 of deleteThing")
    before = repo.state()
    release("1.1.0", repo.options(dry_run=True))
    assert repo.state() == before
    assert not (repo.root / "generated").exists()
    out = capsys.readouterr().out
    assert "Would release 1.1.0" in out and "tag v1.1.0" in out and "deleteThing" in out


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
def test_first_release_without_tag(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.git("tag", "-d", "v1.0.0")
    release("1.0.0", repo.options())
    assert "no release tag yet: 1.0.0 is the first release" in capsys.readouterr().err
    assert repo.git("cat-file", "-t", "v1.0.0") == "tag"
    changelog = repo.read("CHANGELOG.md")
    assert changelog.count("## [1.0.0]") == 1 and "## [1.0.0] - 2026-02-03" in changelog
    assert "  version: 1.0.0  # set by the release" in repo.read("openapi.yaml")


@pytest.mark.tool
def test_failed_generation_puts_everything_back(repo: Repo) -> None:
    before = repo.state()
    failing = ("sh", "-c", "echo generator broke >&2; exit 3")
    with pytest.raises(PipelineError, match="generator broke"):
        release("1.0.1", repo.options(generate_command=failing))
    assert repo.state() == before


@pytest.mark.tool
def test_command_line_release(repo: Repo) -> None:
    code = main(["1.0.1", "--root", str(repo.root), "--generate-cmd", "", "--date", "2026-03-04"])
    assert code == 0
    assert "## [1.0.1] - 2026-03-04" in repo.read("CHANGELOG.md")
    assert repo.git("tag", "--list") == "v1.0.0\nv1.0.1"


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
