"""The Overlay Specification's own test documents and compliant sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from spec_pipeline.overlay import (
    OverlayError,
    apply_overlay,
    compile_target,
    overlay_schema,
    validate_overlay,
)
from spec_pipeline.yamlio import load_document

from .material import COMPLIANT_SETS, FAIL_DOCS, OVERLAY_SPEC, PASS_DOCS

# Where in each `fail` document the problem is, judged from the document's own title.
FAIL_LOCATIONS = {
    "action-remove-invalid-type.yaml": "$.actions[0].remove",
    "action-target-invalid-type.yaml": "$.actions[0].target",
    "actions-invalid-description.yaml": "$.actions[0].description",
    "actions-invalid-target.yaml": "$.actions[0].target",
    "actions-invalid-type.yaml": "$.actions",
    "actions-item-invalid-type.yaml": "$.actions[0]",
    "actions-minimal.yaml": "$.actions",
    "actions-missing-target.yaml": "$.actions[0]",
    "actions-missing.yaml": "$",
    "actions-not-unique.yaml": "$.actions",
    "extends-invalid-type.yaml": "$.extends",
    "info-invalid-type.yaml": "$.info",
    "info-missing-title.yaml": "$.info",
    "info-missing-version.yaml": "$.info",
    "info-title-invalid-type.yaml": "$.info.title",
    "info-version-invalid-type.yaml": "$.info.version",
    "invalid-overlay-version.yaml": "$.overlay",
    "not-an-object.yaml": "$",
    "overlay-invalid-pattern.yaml": "$.overlay",
    "root-invalid-property.yaml": "$",
}


def test_material_is_present() -> None:
    # Guards the parametrised tests below against silently collecting nothing.
    assert len(PASS_DOCS) >= 10
    assert len(FAIL_DOCS) >= 15
    assert len(COMPLIANT_SETS) >= 8
    assert (OVERLAY_SPEC / "LICENSE").read_text().startswith(" " * 10)


def test_vendored_schema_is_the_specification_schema() -> None:
    # The package copy carries a licence header; its content must stay upstream's.
    upstream = load_document(OVERLAY_SPEC / "schemas" / "v1.0" / "schema.yaml")
    assert overlay_schema() == upstream
    assert overlay_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(overlay_schema())


@pytest.mark.parametrize("path", PASS_DOCS, ids=lambda p: p.name)
def test_pass_documents_validate(path: Path) -> None:
    validate_overlay(load_document(path), source=path.name)


@pytest.mark.parametrize("path", FAIL_DOCS, ids=lambda p: p.name)
def test_fail_documents_are_rejected_at_the_right_place(path: Path) -> None:
    with pytest.raises(OverlayError) as caught:
        validate_overlay(load_document(path), source=path.name)
    problems = caught.value.problems
    assert problems, "an OverlayError must carry at least one problem"
    assert all(p.source == path.name for p in problems)
    expected = FAIL_LOCATIONS[path.name]
    assert any(f"at {expected}:" in p.message for p in problems), [str(p) for p in problems]


def test_every_fail_document_has_an_expected_location() -> None:
    assert {p.name for p in FAIL_DOCS} == set(FAIL_LOCATIONS)


def _version(directory: Path) -> str:
    return str(load_document(directory / "overlay.yaml")["overlay"])


ONE_ZERO_SETS = [d for d in COMPLIANT_SETS if _version(d).startswith("1.0.")]
OTHER_SETS = [d for d in COMPLIANT_SETS if not _version(d).startswith("1.0.")]


@pytest.mark.parametrize("directory", ONE_ZERO_SETS, ids=lambda p: p.name)
def test_compliant_set_gives_its_output(directory: Path) -> None:
    spec = load_document(directory / "openapi.yaml")
    expected = load_document(directory / "output.yaml")
    assert spec != expected, "a compliant set must change something to be a useful test"
    result = apply_overlay(spec, load_document(directory / "overlay.yaml"))
    assert result == expected
    # Key order is part of the output (dumped files keep it).
    assert list(result) == list(expected)


def test_there_is_a_non_1_0_compliant_set() -> None:
    assert [d.name for d in OTHER_SETS] == ["replace-servers-for-sandbox"]


@pytest.mark.parametrize("directory", OTHER_SETS, ids=lambda p: p.name)
def test_non_1_0_compliant_set_is_refused_clearly(directory: Path) -> None:
    spec = load_document(directory / "openapi.yaml")
    with pytest.raises(OverlayError) as caught:
        apply_overlay(spec, load_document(directory / "overlay.yaml"))
    (problem,) = caught.value.problems
    assert "'1.1.0' is not supported" in problem.message
    assert "only Overlay 1.0.x" in problem.message


def test_pass_targets_are_rfc9535_except_the_dashed_shorthand() -> None:
    # The 1.0 traits example writes `@.x-oai-traits`, which RFC 9535 does not allow
    # in a shorthand name (name-char has no '-'); 1.1 rewrote it with brackets.
    rejected = []
    for path in PASS_DOCS:
        for action in load_document(path)["actions"]:
            try:
                compile_target(action["target"])
            except ValueError:
                rejected.append((path.name, action["target"]))
    assert rejected == [("actions-traits-example.yaml", "$.paths.*.get[?@.x-oai-traits.paged]")]
    compile_target("$.paths.*.get[?@['x-oai-traits'].paged]")
