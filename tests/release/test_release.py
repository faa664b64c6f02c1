"""`make release` and `make breaking` as a user runs them, on the small project of conftest.py:
the checks before anything changes, one version moved everywhere, the upload to a real local
index and a user's install from it, and nothing changed when any step fails."""

from __future__ import annotations

import datetime
import io
import re
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from tests.release.conftest import (
    SPEC,
    Project,
    free_port,
    fresh_venv,
    local_index,
    pip_install,
)

pytestmark = [pytest.mark.tool, pytest.mark.slow]  # make, git, uv and twine in a project

REQUIRED_COLOUR = SPEC.replace("          required: false", "          required: true")
INDEX = {"TWINE_USERNAME": "release-test", "TWINE_PASSWORD": "not-checked"}


def versions(project: Project) -> dict[str, str]:
    """Every place the project writes its version, each read the way its tools read it."""

    def toml(name: str) -> dict:  # type: ignore[type-arg]
        return tomllib.loads(project.read(name))

    runner = toml("packages/contract-runner/pyproject.toml")["project"]
    (pin,) = [d for d in runner["dependencies"] if d.startswith("onlyoffice-mock-portal")]
    lock = toml("uv.lock")["package"]
    (locked,) = [p for p in lock if p["name"] == "onlyoffice-invoice-contract"]
    return {
        "info.version": yaml.safe_load(project.read("openapi.yaml"))["info"]["version"],
        "pyproject.toml": toml("pyproject.toml")["project"]["version"],
        "uv.lock": locked["version"],
        "mock-portal": toml("packages/mock-portal/pyproject.toml")["project"]["version"],
        "contract-runner": runner["version"],
        "the runner's pin": pin.split("==")[1],
        "client": toml("generated/onlyoffice-crm-client/pyproject.toml")["project"]["version"],
        ".bumpversion.toml": toml(".bumpversion.toml")["tool"]["bumpversion"]["current_version"],
        **{
            f"example's {name}": version
            for name, version in re.findall(
                r"(onlyoffice-[a-z-]+)==([0-9.]+)",
                project.read(".github/examples/onlyoffice-contract.yml"),
            )
        },
    }


def test_a_release_moves_every_version_and_its_packages_install_from_the_index(
    project: Project, tmp_path: Path
) -> None:
    # No index configured: built and checked, nothing uploaded, and the output says so.
    first = project.make("release", "VERSION=1.0.1")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "1 passed" in first.stdout + first.stderr, "the project's tests did not run first"
    assert "not uploaded (no index configured)" in first.stderr
    assert set(versions(project).values()) == {"1.0.1"}, versions(project)
    built = sorted(p.name for p in (project.root / "build/release/1.0.1").glob("*.[wt][ha][lr]*"))
    assert built == [
        "onlyoffice_contract_runner-1.0.1-py3-none-any.whl",
        "onlyoffice_crm_client-1.0.1-py3-none-any.whl",
        "onlyoffice_crm_client-1.0.1.tar.gz",
        "onlyoffice_mock_portal-1.0.1-py3-none-any.whl",
    ]

    index_folder = tmp_path / "index"
    with local_index(index_folder) as url:
        second = project.make("release", "VERSION=1.1.0", TWINE_REPOSITORY_URL=url, **INDEX)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        assert f"uploaded to TWINE_REPOSITORY_URL={url}" in second.stderr
        venv = fresh_venv(tmp_path / "user")
        # The runner alone: its pin brings the mock portal of the same release from the index.
        pip_install(venv, "--index-url", f"{url}/simple/", "onlyoffice-contract-runner",
                    "onlyoffice-crm-client==1.1.0")  # fmt: skip
    listed = sorted(p.name for p in index_folder.iterdir())
    assert len(listed) == 4 and all("1.1.0" in name for name in listed), listed
    frozen = (venv / "python").parent.parent / "lib"
    installed = sorted(p.name for p in frozen.glob("python3*/site-packages/*.dist-info"))
    for name in ("onlyoffice_contract_runner", "onlyoffice_crm_client", "onlyoffice_mock_portal"):
        assert f"{name}-1.1.0.dist-info" in installed, installed

    assert set(versions(project).values()) == {"1.1.0"}, versions(project)
    spec = yaml.safe_load(project.read("openapi.yaml"))
    assert spec["components"]["schemas"]["Thing"]["properties"]["version"]["example"] == "1.0.0"
    released_as = project.git("log", "-2", "--format=%s").splitlines()
    assert released_as == ["Release 1.1.0", "Release 1.0.1"]
    assert project.git("cat-file", "-t", "v1.1.0") == "tag"  # annotated
    assert project.git("rev-parse", "v1.1.0^{commit}") == project.git("rev-parse", "HEAD")
    assert project.git("status", "--porcelain") == ""
    committed = project.git("show", "--name-only", "--format=", "HEAD").split()
    assert "releases/1.1.0/openapi.yaml" in committed
    assert not [name for name in committed if name.endswith((".whl", ".tar.gz"))]
    released = project.root / "releases" / "1.1.0"
    for name in ("openapi.yaml", "published/openapi.yaml"):
        assert yaml.safe_load((released / name).read_text())["info"]["version"] == "1.1.0"
    today = datetime.date.today().isoformat()
    changelog = project.read("CHANGELOG.md")
    head, _, rest = changelog.partition(f"## [1.1.0] - {today}\n")
    assert head.endswith("## [Unreleased]\n\n"), "the Unreleased section stays, empty, on top"
    assert "- The colour filter is described." in changelog.split("## [1.0.1]")[1]
    assert "## [1.0.0] - 2026-01-01" in rest
    wheel = project.root / "build/release/1.1.0/onlyoffice_crm_client-1.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("onlyoffice_crm_client-1.1.0.dist-info/METADATA").decode()
    assert "pip install onlyoffice-crm-client==1.1.0" in metadata


def test_a_release_whose_tests_fail_is_refused_before_anything_changes(project: Project) -> None:
    project.write("checks/test_more.py", "def test_the_new_rule():\n    assert 1 + 1 == 3\n")
    project.commit("A rule the project does not keep yet")
    before = project.state()
    run = project.make("release", "VERSION=1.0.1")
    assert run.returncode != 0
    assert "1 failed" in run.stdout and "test_the_new_rule" in run.stdout
    assert "bump-my-version bump" not in run.stderr, "a step ran after the failed tests"
    assert project.state() == before


def test_a_failed_upload_puts_every_file_commit_and_tag_back(project: Project) -> None:
    before = project.state()
    nowhere = f"http://127.0.0.1:{free_port()}"
    run = project.make("release", "VERSION=1.0.1", TWINE_REPOSITORY_URL=nowhere, **INDEX)
    assert run.returncode != 0
    assert "twine upload failed" in run.stderr
    assert "every file, commit and tag is as it was" in run.stderr
    assert "Traceback" not in run.stderr
    assert project.state() == before


def test_a_tag_that_cannot_be_made_leaves_no_commit(project: Project) -> None:
    # Tag signing on, with a signer that fails: the last step fails after the commit is made.
    project.git("config", "tag.gpgSign", "true")
    project.git("config", "gpg.program", "false")
    before = project.state()
    run = project.make("release", "VERSION=1.0.1")
    assert run.returncode != 0
    assert "git tag -a v1.0.1" in run.stderr and "every file, commit and tag is as it" in run.stderr
    assert project.state() == before


def test_a_breaking_change_refuses_a_minor_release_and_allows_a_major_one(
    project: Project,
) -> None:
    assert project.make("breaking").returncode == 0, "no change since the release yet"
    project.write("openapi.yaml", REQUIRED_COLOUR)
    project.commit("Require the colour filter")
    assert project.make("breaking").returncode != 0
    before = project.state()
    refused = project.make("release", "VERSION=1.1.0")
    assert refused.returncode != 0
    assert "the breaking-change gate refused 1.1.0" in refused.stderr
    assert "need a major version" in refused.stderr and "2.0.0" in refused.stderr
    assert re.search(r"listThings.*colour", refused.stderr), refused.stderr
    assert "pytest" not in refused.stdout, "the long checks ran after a refusal"
    rehearsal = project.make("release", "VERSION=2.0.0", "RELEASE_ARGS=--dry-run")
    assert rehearsal.returncode == 0, rehearsal.stderr
    assert "allowed in 2.0.0" in rehearsal.stderr
    assert "Would release 2.0.0" in rehearsal.stdout
    assert "no upload: no package index configured" in rehearsal.stdout
    assert project.state() == before


@pytest.mark.parametrize(
    ("version", "refusal"),
    [
        ("1.1", "not a semantic version"),
        ("v1.1.0", "not a semantic version"),
        ("1.1.0-rc.1", "not a semantic version"),
        ("1.0.1 ", "not a semantic version"),
        ("1.0.0", "not newer than the current version 1.0.0"),
        ("0.9.0", "not newer than the current version 1.0.0"),
    ],
)
def test_a_version_that_cannot_be_released_is_one_line(
    project: Project, version: str, refusal: str
) -> None:
    before = project.state()
    run = project.make("release", f"VERSION={version}", "RELEASE_ARGS=--dry-run")
    assert run.returncode != 0
    errors = [line for line in run.stderr.splitlines() if line.startswith("release: error:")]
    assert len(errors) == 1 and refusal in errors[0], run.stderr
    assert project.state() == before


def test_a_dirty_tree_or_a_version_released_already_is_refused(project: Project) -> None:
    project.write("notes.txt", "scratch\n")
    run = project.make("release", "VERSION=1.0.1")
    assert run.returncode != 0 and "working tree is not clean" in run.stderr
    (project.root / "notes.txt").unlink()
    project.git("tag", "-a", "v1.1.0", "-m", "a tag made by hand")
    run = project.make("release", "VERSION=1.1.0", "RELEASE_ARGS=--dry-run")
    assert run.returncode != 0 and "the tag v1.1.0 exists already" in run.stderr
    project.write("releases/1.2.0/openapi.yaml", SPEC)
    project.commit("Release 1.2.0, made before .bumpversion.toml moved")
    run = project.make("release", "VERSION=1.1.1", "RELEASE_ARGS=--dry-run")
    assert run.returncode != 0 and "not newer than the last release 1.2.0" in run.stderr


HOSTILE = [
    "x';touch {marker};'",
    'x";touch {marker};"',
    "x$(touch {marker})",
    "x`touch {marker}`",
    "$(shell touch {marker})",
]


@pytest.mark.parametrize("template", HOSTILE)
def test_hostile_values_given_to_make_run_nothing(
    project: Project, tmp_path: Path, template: str
) -> None:
    marker = tmp_path / "ran"
    value = template.format(marker=marker)
    runs = [
        project.make("breaking", f"BASE={value}"),
        project.make("release", f"VERSION={value}"),
        project.make("release", "VERSION=1.0.1", f"RELEASE_ARGS=--dry-run {value}"),
    ]
    assert not marker.exists(), "a command inside a value ran"
    assert all(run.returncode != 0 for run in runs)
    assert "release: error: RELEASE_ARGS" in runs[2].stderr


def test_a_rehearsal_lists_the_steps_and_changes_nothing(project: Project) -> None:
    before = project.state()
    run = project.make("release", "VERSION=1.0.1", "RELEASE_ARGS=--dry-run")
    assert run.returncode == 0, run.stderr
    steps = re.findall(r"^  \d+\. (.*)$", run.stdout, re.MULTILINE)
    assert steps[0].startswith("bump-my-version bump --new-version 1.0.1")
    assert "git commit 'Release 1.0.1'" in steps[-2] and "tag v1.0.1" in steps[-2]
    assert "1 passed" not in run.stdout, "a rehearsal ran the long checks"
    assert project.state() == before


def ruamel_dump(text: str) -> str:
    loader = YAML()
    loader.width = 40  # folds long lines
    loader.indent(mapping=4, sequence=6, offset=4)
    out = io.StringIO()
    loader.dump(loader.load(text), out)
    return out.getvalue()


@pytest.mark.parametrize(
    "dump",
    [ruamel_dump, lambda text: yaml.safe_dump(yaml.safe_load(text), sort_keys=False, width=50)],
    ids=["ruamel.yaml", "PyYAML"],
)
def test_a_spec_dumped_again_releases_as_before(project: Project, dump) -> None:  # type: ignore[no-untyped-def]
    again = dump(SPEC)
    assert again != SPEC and yaml.safe_load(again) == yaml.safe_load(SPEC)
    project.write("openapi.yaml", again)
    project.commit("The spec re-serialised")
    run = project.make("release", "VERSION=1.0.1", "RELEASE_ARGS=--dry-run")
    assert run.returncode == 0, run.stderr  # bump-my-version found info.version
    assert "Would release 1.0.1" in run.stdout
