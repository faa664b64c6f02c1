"""The template drift check (lint/template_forks.py): an upstream template that changed under a
fork fails `make lint`, naming the fork and showing the upstream diff.

Every case runs on a copy of the installed generator's templates folder, edited here (never the
installed package), and on a small repository made for it.
"""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

SCRIPT = REPO / "lint" / "template_forks.py"
_spec = importlib.util.spec_from_file_location("template_forks", SCRIPT)
assert _spec is not None and _spec.loader is not None
forks = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("template_forks", forks)
_spec.loader.exec_module(forks)

VERSION = forks.installed_version()
CLIENT_HEADER = (
    "{#- Fork of openapi-python-client " + VERSION + " templates/client.py.jinja. Why: tests. -#}\n"
)
ERRORS_HEADER = (
    "# Replaces the generated errors.py: openapi-python-client "
    + VERSION
    + (" templates/errors.py.jinja.\n")
)


@pytest.fixture
def upstream(tmp_path: Path) -> Path:
    """A copy of the installed generator's templates folder, free to edit."""
    copy = tmp_path / "generator" / "templates"
    shutil.copytree(forks.installed_templates(), copy)
    return copy


@pytest.fixture
def repo(tmp_path: Path, upstream: Path) -> Path:
    """A repository with two forks: a template and a hand-written replacement, recorded."""
    root = tmp_path / "repo"
    (root / "generator-templates").mkdir(parents=True)
    (root / "generator-templates" / "client.py.jinja").write_text(CLIENT_HEADER + "client\n")
    (root / "extras").mkdir()
    (root / "extras" / "errors.py").write_text(ERRORS_HEADER + "class PortalError: ...\n")
    (root / "lint").mkdir()
    manifest = {
        "version": VERSION,
        "forks": {
            "generator-templates/client.py.jinja": ["client.py.jinja"],
            "extras/errors.py": ["errors.py.jinja", "types.py.jinja"],
        },
        "bases": {},
    }
    (root / "lint" / "template-forks.json").write_text(json.dumps(manifest))
    assert run(root, upstream, "--record") == 0
    return root


def run(root: Path, upstream: Path, *args: str) -> int:
    return forks.main(["--root", str(root), "--generator-templates", str(upstream), *args])


def test_forks_whose_bases_match_pass(repo, upstream, capsys):
    assert run(repo, upstream) == 0
    assert "2 fork(s) match" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("base", "fork"),
    [
        ("client.py.jinja", "generator-templates/client.py.jinja"),
        ("types.py.jinja", "extras/errors.py"),  # a second base of one fork counts too
    ],
)
def test_an_upstream_change_fails_naming_the_fork_and_showing_the_diff(
    repo, upstream, capsys, base, fork
):
    template = upstream / base
    template.write_text(template.read_text().replace("\n", "\n# upstream moved on\n", 1))
    assert run(repo, upstream) == 1
    err = capsys.readouterr().err
    assert f"template_forks: {fork}: its upstream template templates/{base} changed" in err
    assert "\n+# upstream moved on" in err  # the upstream diff, shown


def test_an_upstream_template_that_disappeared_fails(repo, upstream, capsys):
    (upstream / "errors.py.jinja").unlink()
    assert run(repo, upstream) == 1
    assert (
        "extras/errors.py: its upstream template templates/errors.py.jinja"
        in capsys.readouterr().err
    )


def test_recording_takes_the_new_upstream_as_the_base(repo, upstream, capsys):
    template = upstream / "client.py.jinja"
    template.write_text(template.read_text() + "# ported\n")
    assert run(repo, upstream) == 1
    assert run(repo, upstream, "--record") == 0
    assert run(repo, upstream) == 0
    assert (repo / "lint" / "template-bases" / "client.py.jinja").read_text().endswith("# ported\n")


def test_an_override_not_recorded_fails(repo, upstream, capsys):
    (repo / "generator-templates" / "model.py.jinja").write_text("{# mine #}\n")
    assert run(repo, upstream) == 1
    assert "generator-templates/model.py.jinja: an override not recorded" in capsys.readouterr().err


def test_a_fork_whose_header_does_not_name_its_base_and_version_fails(repo, upstream, capsys):
    fork = repo / "generator-templates" / "client.py.jinja"
    fork.write_text(fork.read_text().replace(VERSION, "0.0.1"))
    assert run(repo, upstream) == 1
    err = capsys.readouterr().err
    assert "generator-templates/client.py.jinja: its first 8 lines must" in err
    assert f"openapi-python-client {VERSION}" in err


def test_an_edited_base_copy_fails(repo, upstream, capsys):
    (repo / "lint" / "template-bases" / "client.py.jinja").write_text("edited\n")
    assert run(repo, upstream) == 1
    assert "the recorded copy is missing or was edited" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["{not json", '{"version": "1", "forks": []}', "[]"])
def test_a_broken_manifest_is_one_line_and_status_2(repo, upstream, capsys, text):
    (repo / "lint" / "template-forks.json").write_text(text)
    assert run(repo, upstream) == 2
    err = capsys.readouterr().err
    assert err.startswith("template_forks: error: ") and err.count("\n") == 1


def test_every_base_the_repository_records_is_watched(tmp_path, capsys):
    """The repository's own manifest: editing any base it names in a copy of the installed
    generator fails the check, naming a fork built on it."""
    manifest = json.loads((REPO / "lint" / "template-forks.json").read_text())
    assert manifest["bases"]
    for base in manifest["bases"]:
        copy = tmp_path / base.replace("/", "_")
        shutil.copytree(forks.installed_templates(), copy)
        (copy / base).write_text((copy / base).read_text() + "{# upstream changed #}\n")
        assert forks.main(["--generator-templates", str(copy)]) == 1
        err = capsys.readouterr().err
        users = [f for f, bases in manifest["forks"].items() if base in bases]
        assert any(
            f"template_forks: {fork}: its upstream template templates/{base} changed" in err
            for fork in users
        ), base
