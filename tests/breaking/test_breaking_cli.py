"""The command line: exit codes, output formats, YAML loading and the base options; the gate."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from spec_pipeline.check_breaking import main
from spec_pipeline.document import parse_spec

from .conftest import GET_OP, INVOICE, Spec, make_spec

GIT = ["git", "-c", "user.name=Spec Author", "-c", "user.email=author@example.com"]
GIT += ["-c", "commit.gpgsign=false"]


def write(path: Path, spec: Spec) -> Path:
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def without_number(spec: Spec) -> Spec:
    new = copy.deepcopy(spec)
    del new["components"]["schemas"]["Invoice"]["properties"]["number"]
    return new


def with_currency(spec: Spec) -> Spec:
    new = copy.deepcopy(spec)
    new["components"]["schemas"]["Invoice"]["properties"]["currency"] = {"type": "string"}
    return new


def test_no_changes_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path / "base.yaml", make_spec())
    assert main([str(base), str(base)]) == 0
    out = capsys.readouterr().out
    assert "Breaking changes (0):" in out
    assert "Non-breaking changes (0):" in out


def test_non_breaking_only_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path / "base.yaml", make_spec())
    new = write(tmp_path / "new.yaml", with_currency(make_spec()))
    assert main([str(base), str(new)]) == 0
    out = capsys.readouterr().out
    assert "Non-breaking changes (1):" in out
    assert f"  {GET_OP}  {INVOICE}.properties.currency  optional property 'currency' added" in out


def test_breaking_change_exit_1_with_one_line_per_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = write(tmp_path / "base.yaml", make_spec())
    new = write(tmp_path / "new.yaml", without_number(make_spec()))
    assert main([str(base), str(new)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        "Breaking changes (1):",
        f"  {GET_OP}  {INVOICE}.properties.number  property 'number' removed  "
        "[ERR property-removed]",
    ]


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path / "base.yaml", make_spec())
    new_spec = with_currency(without_number(make_spec()))
    new = tmp_path / "new.json"
    new.write_text(json.dumps(new_spec), encoding="utf-8")  # JSON input loads too
    assert main(["--format", "json", str(base), str(new)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [c["kind"] for c in data["non_breaking"]] == ["optional-property-added"]
    assert data["breaking"] == [
        {
            "kind": "property-removed",
            "level": "ERR",
            "severity": "breaking",
            "operation": GET_OP,
            "path": f"{INVOICE}.properties.number",
            "message": "property 'number' removed",
        }
    ]


def test_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path / "base.yaml", make_spec())
    assert main([str(base), str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_invalid_documents_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path / "base.yaml", make_spec())
    broken = tmp_path / "broken.yaml"
    broken.write_text("paths: [unclosed\n", encoding="utf-8")
    assert main([str(base), str(broken)]) == 2
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just a string\n", encoding="utf-8")
    assert main([str(base), str(scalar)]) == 2
    dangling = make_spec()
    dangling["components"]["schemas"]["Invoice"]["properties"]["id"] = {"$ref": "#/nowhere"}
    assert main([str(base), str(write(tmp_path / "dangling.yaml", dangling))]) == 2
    err = capsys.readouterr().err
    assert "broken.yaml: invalid YAML" in err
    assert "not an OpenAPI document" in err
    assert "#/nowhere" in err


@pytest.mark.parametrize("argv", [[], ["only-one.yaml"], ["a", "b", "c"], ["--format", "xml"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


@pytest.mark.tool
def test_module_entry_point_exit_codes(tmp_path: Path) -> None:
    base = write(tmp_path / "base.yaml", make_spec())
    new = write(tmp_path / "new.yaml", without_number(make_spec()))
    cmd = [sys.executable, "-m", "spec_pipeline.check_breaking"]
    assert subprocess.run([*cmd, str(base), str(base)], capture_output=True).returncode == 0
    assert subprocess.run([*cmd, str(base), str(new)], capture_output=True).returncode == 1
    assert subprocess.run([*cmd, str(base)], capture_output=True).returncode == 2


def test_date_like_strings_stay_strings() -> None:
    doc = parse_spec("example: 2020-12-14\nwhen: 2020-12-14T10:00:00Z\nn: 3\n", "inline")
    assert doc == {"example": "2020-12-14", "when": "2020-12-14T10:00:00Z", "n": 3}
    # the loader change must not leak into PyYAML's own SafeLoader
    assert not isinstance(yaml.safe_load("d: 2020-12-14")["d"], str)


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(name)  # e.g. GIT_DIR from a hook would point git elsewhere
    subprocess.run([*GIT, "init", "-q"], check=True)
    write(tmp_path / "openapi.yaml", make_spec())
    subprocess.run([*GIT, "add", "openapi.yaml"], check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "Contract"], check=True)
    return tmp_path


@pytest.mark.tool
def test_base_git_ref_against_the_working_tree(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--base", "HEAD"]) == 0
    write(git_repo / "openapi.yaml", without_number(make_spec()))
    assert main(["--base", "HEAD"]) == 1
    assert f"{INVOICE}.properties.number" in capsys.readouterr().out


@pytest.mark.tool
def test_base_git_ref_with_explicit_file_and_new(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = write(git_repo / "candidate.yaml", with_currency(make_spec()))
    assert main(["--base", "HEAD", "--file", "openapi.yaml", str(new)]) == 0
    assert "Non-breaking changes (1):" in capsys.readouterr().out


@pytest.mark.tool
def test_base_git_ref_unknown_ref_exit_2(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--base", "no-such-branch"]) == 2
    assert "git ref 'no-such-branch' does not exist" in capsys.readouterr().err


@pytest.mark.tool
def test_base_git_ref_missing_file_exit_2(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(git_repo / "other.yaml", make_spec())
    assert main(["--base", "HEAD", "--file", "other.yaml"]) == 2
    assert "other.yaml does not exist at git ref 'HEAD'" in capsys.readouterr().err


@pytest.mark.tool
def test_base_git_ref_outside_a_repository_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    write(tmp_path / "openapi.yaml", make_spec())
    assert main(["--base", "HEAD"]) == 2
    assert "does not exist" in capsys.readouterr().err


def versioned(spec: Spec, version: str) -> Spec:
    spec["info"]["version"] = version
    return spec


@pytest.mark.parametrize(
    ("version", "argv", "status", "said"),
    [
        ("1.1.0", [], 1, "1 breaking change(s) since 1.0.0 need a major version: 1.1.0 is still"),
        ("2.0.0", [], 0, "1 breaking change(s) since 1.0.0, allowed in 2.0.0"),
        ("1.0.0", ["--new-version", "2.0.0"], 0, "allowed in 2.0.0"),
        ("2.0.0", ["--new-version", "1.9.9"], 1, "need a major version: 1.9.9"),
        ("next", [], 2, "the new version: version 'next' is not X.Y.Z"),
    ],
)
def test_the_gate_lets_a_breaking_change_through_a_major_version_only(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    version: str,
    argv: list[str],
    status: int,
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "releases" / "1.0.0").mkdir(parents=True)
    write(tmp_path / "releases" / "1.0.0" / "openapi.yaml", versioned(make_spec(), "0.0.0"))
    write(tmp_path / "openapi.yaml", versioned(without_number(make_spec()), version))
    assert main(["--last-release", "--allow-major", *argv]) == status
    captured = capsys.readouterr()
    assert said in captured.err  # the release's folder, not its info.version, is its version
    assert f"{GET_OP}  {INVOICE}.properties.number  property 'number' removed" in captured.out


def test_the_gate_passes_compatible_changes_whatever_the_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = write(tmp_path / "base.yaml", versioned(make_spec(), "1.0.0"))
    new = write(tmp_path / "new.yaml", versioned(with_currency(make_spec()), "1.0.0"))
    assert main(["--allow-major", "--base", str(base), str(new)]) == 0
    assert main(["--allow-major", str(base), str(new)]) == 0
    assert main(["--allow-major", "--new-version", "two", str(base), str(new)]) == 2
    broken = write(tmp_path / "broken.yaml", versioned(without_number(make_spec()), "1.0.1"))
    assert main(["--allow-major", str(base), str(broken)]) == 1  # the base's info.version
    assert "since 1.0.0 need a major version" in capsys.readouterr().err


@pytest.mark.tool
def test_no_release_at_all_is_an_error_not_a_pass(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Comparing with HEAD here once reported "Breaking changes (0)" for a committed removal.
    write(git_repo / "openapi.yaml", without_number(make_spec()))
    subprocess.run([*GIT, "commit", "-q", "-am", "Drop the number"], check=True)
    subprocess.run([*GIT, "tag", "v1.0.0", "HEAD~1"], check=True)  # a tag is not a release
    assert main(["--last-release"]) == 2
    assert main(["--base="]) == 2
    assert "no release yet" in capsys.readouterr().err


def release_folder(root: Path, version: str, spec: Spec) -> None:
    folder = root / "releases" / version
    folder.mkdir(parents=True)
    write(folder / "openapi.yaml", spec)
    subprocess.run([*GIT, "add", "releases"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", f"Release {version}"], cwd=root, check=True)


@pytest.mark.tool
def test_last_release_is_the_newest_release_folder_in_a_shallow_clone(
    git_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    release_folder(git_repo, "1.0.0", with_currency(make_spec()))
    release_folder(git_repo, "1.10.0", make_spec())  # 1.10 > 1.9 > 1.0 by version, not by name
    release_folder(git_repo, "1.9.0", with_currency(make_spec()))
    write(git_repo / "openapi.yaml", without_number(make_spec()))
    subprocess.run([*GIT, "commit", "-q", "-am", "Drop the number"], check=True)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--no-tags", "--depth", "1", f"file://{git_repo}", str(clone)],
        check=True,
    )
    monkeypatch.chdir(clone)
    assert main(["--last-release"]) == 1
    captured = capsys.readouterr()
    assert "against release 1.10.0 (releases/1.10.0/openapi.yaml)" in captured.err
    assert f"{INVOICE}.properties.number" in captured.out
    assert "currency" not in captured.out, "compared with an older release than the newest"


@pytest.mark.tool
def test_base_option_takes_a_file_a_ref_or_nothing(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release_folder(git_repo, "1.0.0", make_spec())
    write(git_repo / "openapi.yaml", without_number(make_spec()))
    subprocess.run([*GIT, "commit", "-q", "-am", "Drop the number"], check=True)
    write(git_repo / "older.yaml", make_spec())
    assert main(["--base=older.yaml"]) == 1
    assert main(["--base=HEAD"]) == 0
    assert main(["--base="]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "check_breaking: openapi.yaml against the file older.yaml",
        "check_breaking: openapi.yaml against git ref HEAD",
        "check_breaking: openapi.yaml against release 1.0.0 (releases/1.0.0/openapi.yaml)",
    ]
    # A value that looks like an option is still the base, never an option.
    assert main(["--base=--format=json"]) == 2
    assert "git ref '--format=json' does not exist" in capsys.readouterr().err


@pytest.mark.tool
def test_a_base_file_that_is_not_utf8_is_one_line_naming_it(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (git_repo / "latin1.yaml").write_bytes("info:\n  title: Factur\xe9\n".encode("latin-1"))
    assert main(["--base=latin1.yaml"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert len(errors) == 1 and errors[0].startswith("check_breaking: error: latin1.yaml: ")


@pytest.mark.tool
def test_a_spec_at_a_git_ref_that_is_not_utf8_is_one_line(
    git_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (git_repo / "openapi.yaml").write_bytes(b"openapi: 3.1.0\ninfo:\n  title: Factur\xe9\n")
    subprocess.run([*GIT, "commit", "-q", "-am", "Latin-1 title"], check=True)
    write(git_repo / "openapi.yaml", make_spec())
    assert main(["--base=HEAD"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert errors == [
        "check_breaking: error: HEAD:openapi.yaml: cannot read: not UTF-8 (byte 36 is not valid)"
    ]
