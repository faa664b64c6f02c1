"""`make breaking` and `make release` as a user runs them, in a shallow clone without tags.

Hostile values run nothing; a committed breaking change fails `make breaking` (no BASE) and
refuses a minor release; an additive change releases with its wheel, sdist and versioned spec;
a release whose tests fail is refused with the tree as it was.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.release.clone import Clone, make_clone

pytestmark = [pytest.mark.tool, pytest.mark.slow]  # make in a clone: a second or more each

CURRENCY_REF = "        - $ref: '#/components/parameters/Currency'\n"
FILTER_VALUE_REF = "        - $ref: '#/components/parameters/FilterValue'\n"
CONTACT_NAME = """\
        - name: contactName
          in: query
          required: false
          description: Only invoices whose contact's display name contains this text.
          schema:
            type: string
            description: Part of a contact's display name.
"""


@pytest.fixture
def clone(tmp_path: Path) -> Clone:
    """The working tree in a shallow clone, with its current spec recorded as the release of
    its `info.version` (so the changes a test makes are the only ones since the last release;
    mid-release, inside a release's own pre-flight check, that version is the new one)."""
    repository = make_clone(tmp_path / "clone", tmp_path / "home")
    spec = repository.read("openapi.yaml")
    repository.version = yaml.safe_load(spec)["info"]["version"]
    repository.write(f"releases/{repository.version}/openapi.yaml", spec)
    if repository.git("status", "--porcelain"):
        repository.commit("The current contract as the last release", "releases")
    assert repository.git("tag", "--list") == ""
    return repository


def next_versions(version: str) -> tuple[str, str]:
    """The next minor and the next major version after `version`."""
    major, minor, _ = (int(part) for part in version.split("-")[0].split("."))
    return f"{major}.{minor + 1}.0", f"{major + 1}.0.0"


def add_contact_name_filter(clone: Clone) -> None:
    """An optional query parameter on getInvoices: additive, not breaking."""
    spec = clone.read("openapi.yaml")
    assert spec.count(FILTER_VALUE_REF) >= 1
    clone.write("openapi.yaml", spec.replace(FILTER_VALUE_REF, FILTER_VALUE_REF + CONTACT_NAME, 1))


# --- hostile values -------------------------------------------------------------------------

HOSTILE = [
    "x';touch {marker};'",
    'x";touch {marker};"',
    "x$(touch {marker})",
    "x`touch {marker}`",
    "$(shell touch {marker})",
]


@pytest.mark.parametrize("template", HOSTILE)
def test_a_hostile_base_runs_nothing(clone: Clone, tmp_path: Path, template: str) -> None:
    marker = tmp_path / "ran"
    base = template.format(marker=marker)
    run = clone.make("breaking", f"BASE={base}")
    assert not marker.exists(), "a command inside BASE ran"
    assert run.returncode != 0
    assert f"git ref {base!r} does not exist" in run.stderr or base in run.stderr


@pytest.mark.parametrize("template", HOSTILE + ["1.0.1'; touch {marker}; echo '"])
def test_a_hostile_version_runs_nothing(clone: Clone, tmp_path: Path, template: str) -> None:
    marker = tmp_path / "ran"
    run = clone.make("release", f"VERSION={template.format(marker=marker)}")
    assert not marker.exists(), "a command inside VERSION ran"
    assert run.returncode != 0 and "not a semantic version" in run.stderr


def test_hostile_release_args_run_nothing(clone: Clone, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for args in (f"--dry-run; touch {marker}", f"--dry-run $(touch {marker})"):
        run = clone.make("release", "VERSION=1.0.1", f"RELEASE_ARGS={args}")
        assert not marker.exists(), f"a command inside RELEASE_ARGS={args!r} ran"
        assert run.returncode != 0


def test_a_base_file_that_is_not_utf8_is_one_line_naming_it(clone: Clone) -> None:
    (clone.root / "old spec.yaml").write_bytes("info:\n  title: Factur\xe9\n".encode("latin-1"))
    run = clone.make("breaking", "BASE=old spec.yaml")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if "error:" in line and "make" not in line]
    assert len(errors) == 1 and "old spec.yaml" in errors[0] and "UTF-8" in errors[0]


# --- the gate against the last release ------------------------------------------------------


def test_a_committed_breaking_change_fails_breaking_and_a_minor_release(clone: Clone) -> None:
    assert clone.make("breaking").returncode == 0, "no change since the release yet"
    spec = clone.read("openapi.yaml")
    assert CURRENCY_REF in spec
    clone.write("openapi.yaml", spec.replace(CURRENCY_REF, ""))
    clone.commit("Drop the currency filter", "openapi.yaml")

    breaking = clone.make("breaking")
    assert breaking.returncode != 0 and "breaking] Error 1" in breaking.stderr  # 1: found
    last = clone.version
    assert f"against release {last} (releases/{last}/openapi.yaml)" in breaking.stderr
    assert re.search(r"getInvoices\).*currency.*removed", breaking.stdout)

    before = clone.state()
    minor, major = next_versions(last)
    refused = clone.make("release", f"VERSION={minor}", "RELEASE_ARGS=--dry-run")
    assert refused.returncode != 0
    assert f"need a major version (>= {major}), not {minor}" in refused.stderr
    accepted = clone.make("release", f"VERSION={major}", "RELEASE_ARGS=--dry-run")
    assert accepted.returncode == 0, accepted.stderr
    assert f"Would release {major}" in accepted.stdout
    assert clone.state() == before


# --- releases -------------------------------------------------------------------------------


def generate_with_a_spaced_path(clone: Clone) -> str:
    """The Makefile's GENERATE, writing its client spec to a path with a space and a quote."""
    printed = clone.make(
        "--eval", 'print-generate: ; @printf "%s\\n" "$(GENERATE)"', "print-generate"
    )
    generate = printed.stdout.strip()
    assert "--client-spec build/client/openapi.yaml" in generate, generate
    return generate.replace(
        "--client-spec build/client/openapi.yaml",
        '--client-spec "build/client\'s spec/openapi.yaml"',
    )


@pytest.mark.slow
def test_an_additive_change_releases_with_wheel_sdist_and_spec(clone: Clone) -> None:
    version, _ = next_versions(clone.version)
    add_contact_name_filter(clone)
    surface = clone.read("tests/spec/test_contract_surface.py")
    clone.write(
        "tests/spec/test_contract_surface.py",
        surface.replace(
            '"getInvoices": ("GET /api/2.0/crm/invoice/filter", FILTERS)',
            '"getInvoices": ("GET /api/2.0/crm/invoice/filter", [*FILTERS, "contactName"])',
        ),
    )
    clone.commit("Filter by contact name", "openapi.yaml", "tests/spec")
    # The check: the committed client matches the spec, and the frozen surface holds.
    check = shlex.join([
        "sh", "-c",
        "make -o setup check-generated && "
        f"{sys.executable} -m pytest -q -p no:cacheprovider tests/spec/test_contract_surface.py",
    ])  # fmt: skip
    run = clone.make(
        "release",
        f"VERSION={version}",
        f"GENERATE={generate_with_a_spaced_path(clone)}",
        f"RELEASE_ARGS=--check-cmd {shlex.quote(check)} --date 2026-12-01",
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (clone.root / "build" / "client's spec" / "openapi.yaml").is_file()

    assert clone.git("log", "-1", "--format=%s") == f"Release {version}"
    assert clone.git("rev-parse", f"v{version}^{{commit}}") == clone.git("rev-parse", "HEAD")
    assert clone.git("status", "--porcelain") == ""
    released = clone.root / "releases" / version
    assert f"  version: {version}" in (released / "openapi.yaml").read_text(encoding="utf-8")
    published = (released / "published" / "openapi.yaml").read_text(encoding="utf-8")
    assert "contactName" in published and f"version: {version}" in published
    assert (released / "published" / "openapi.json").is_file()
    assert (clone.root / "dist" / "index.html").is_file(), "dist/ was not rebuilt"

    client = released / "client"
    wheel = client / f"onlyoffice_crm_client-{version}-py3-none-any.whl"
    sdist = client / f"onlyoffice_crm_client-{version}.tar.gz"
    sums = (client / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(sums) == sorted(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in (wheel, sdist)
    )
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"onlyoffice_crm_client-{version}.dist-info/METADATA").decode()
    for field in ("License-Expression: Apache-2.0", "Maintainer:", "Project-URL:", "Classifier:"):
        assert field in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    assert f"pip install releases/{version}/client/{wheel.name}" in (metadata), (
        "the README (the long description) does not show how to install the released wheel"
    )
    changelog = clone.read("CHANGELOG.md")
    assert f"## [{version}] - 2026-12-01" in changelog and "contactName" in changelog
    assert "step 3/" in run.stderr and "tests/spec/test_contract_surface.py" in run.stderr


@pytest.mark.slow
def test_a_release_whose_tests_fail_is_refused_with_the_tree_unchanged(clone: Clone) -> None:
    # The new parameter, but the frozen-surface test not updated: the suite fails.
    version, _ = next_versions(clone.version)
    add_contact_name_filter(clone)
    clone.commit("Filter by contact name", "openapi.yaml")
    before = clone.state()
    check = f"{sys.executable} -m pytest -q -p no:cacheprovider tests/spec/test_contract_surface.py"
    run = clone.make(
        "release",
        f"VERSION={version}",
        f"RELEASE_ARGS=--check-cmd {shlex.quote(check)}",
        timeout=600,
    )
    assert run.returncode != 0
    assert "pre-flight check" in run.stderr and "'contactName' added" in run.stderr
    assert "every file, commit and tag is as it was" in run.stderr
    assert clone.state() == before
    assert not (clone.root / "releases" / version).exists()
